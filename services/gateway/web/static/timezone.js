// Tells the server the reader's timezone, so online events are shown in it on the next page.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("eventcenter_tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "eventcenter_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* without it, times name their zone */ }
})();
