"""REST: GET /formatted_time, as the CampaignEvents event page asks for it."""


async def test_times_are_formatted_in_the_requested_language(http):
    answer = await http.get("/campaignevents/v0/formatted_time/en/20250901120000/20250930180000")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"startTime": "12:00", "startDate": "1 September 2025",
                             "startDateTime": "12:00, 1 September 2025", "endTime": "18:00",
                             "endDate": "30 September 2025", "endDateTime": "18:00, 30 September 2025"}
    french = (await http.get("/campaignevents/v0/formatted_time/fr/20250901120000/2025-09-30T18:00:00Z")).json()
    assert french["startDate"] == "1 septembre 2025" and french["endDateTime"] == "30 septembre 2025, 18:00"


async def test_each_language_writes_dates_its_own_way(http):
    japanese = (await http.get("/campaignevents/v0/formatted_time/ja/20250901120000/20250930180000")).json()
    assert japanese["startDate"] == "2025年9月1日" and japanese["startDateTime"] == "2025年9月1日 12:00"
    german = (await http.get("/campaignevents/v0/formatted_time/de/20250301120000/20250930180000")).json()
    assert german["startDate"] == "1. März 2025"


async def test_a_time_with_an_offset_is_read_as_that_moment_in_utc(http):
    answer = (await http.get("/campaignevents/v0/formatted_time/en/2025-09-01T12:00:00+02:00/2025-09-01T13:00:00Z"))
    assert answer.json()["startTime"] == "10:00" and answer.json()["endTime"] == "13:00"


async def test_unknown_language_and_bad_timestamps_are_400(http):
    for code in ("xx-nowhere", "EN"):  # MediaWiki's codes are lower case
        language = await http.get(f"/campaignevents/v0/formatted_time/{code}/20250901120000/20250930180000")
        assert language.status_code == 400 and language.json()["errorKey"] == "paramvalidator-badvalue-enumnotmulti"
    stamp = await http.get("/campaignevents/v0/formatted_time/en/yesterday/20250930180000")
    assert stamp.status_code == 400 and stamp.json()["errorKey"] == "campaignevents-rest-invalid-timestamp"
    assert "yesterday" in stamp.json()["messageTranslations"]["en"]
