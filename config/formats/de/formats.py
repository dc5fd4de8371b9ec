# German dates: "1. Dezember 2026", "1. Dez 2026", "1. Dez".
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "j. M Y"
MONTH_DAY_FORMAT = "j. M"
