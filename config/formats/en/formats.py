# British order for English dates: "1 December 2026", "1 Dec 2026", "1 Dec".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
MONTH_DAY_FORMAT = "j M"
