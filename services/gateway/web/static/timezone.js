// Tells the server the reader's timezone, so that online events are shown in it. On a first visit the page
// was made before the server knew it (its times are in UTC): once the zone is told, that page is shown again.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var told = "eventcenter_tz=" + encodeURIComponent(zone);
    if (!zone || document.cookie.indexOf(told) !== -1) {
      return;
    }
    document.cookie = told + "; path=/; max-age=31536000; SameSite=Lax";
    var firstVisit = document.documentElement.hasAttribute("data-zone-unknown");
    // Only when the cookie took (else this would repeat) and the page shows times in the reader's zone.
    if (firstVisit && zone !== "UTC" && document.cookie.indexOf(told) !== -1
        && document.querySelector("[data-viewer-zone]")) {
      location.reload();
    }
  } catch (e) { /* without it, times name their zone */ }
})();
