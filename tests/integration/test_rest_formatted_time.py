"""REST: GET /formatted_time, as the CampaignEvents event page asks for it."""


async def test_times_are_formatted_in_the_requested_language(http):
    answer = await http.get("/campaignevents/v0/formatted_time/en/20250901120000/20250930180000")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"startTime": "12:00", "startDate": "1 September 2025",
                             "startDateTime": "12:00, 1 September 2025", "endTime": "18:00",
                             "endDate": "30 September 2025", "endDateTime": "18:00, 30 September 2025"}
    french = (await http.get("/campaignevents/v0/formatted_time/fr/20250901120000/2025-09-30T18:00:00Z")).json()
    assert french["startDate"] == "1 septembre 2025" and french["endDateTime"] == "18:00, 30 septembre 2025"


async def test_unknown_language_and_bad_timestamps_are_400(http):
    language = await http.get("/campaignevents/v0/formatted_time/xx-nowhere/20250901120000/20250930180000")
    assert language.status_code == 400 and language.json()["errorKey"] == "paramvalidator-badvalue-enumnotmulti"
    stamp = await http.get("/campaignevents/v0/formatted_time/en/yesterday/20250930180000")
    assert stamp.status_code == 400 and stamp.json()["errorKey"] == "campaignevents-rest-invalid-timestamp"
    assert "yesterday" in stamp.json()["messageTranslations"]["en"]
