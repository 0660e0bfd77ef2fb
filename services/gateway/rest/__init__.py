"""The CampaignEvents-compatible REST API under /campaignevents/v0/."""
