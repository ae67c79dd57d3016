//! Human-readable Arabic dates and numerals for pages.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

/// Month names as written in Egypt and the Gulf (the pan-Arab default).
pub(crate) const MONTHS_STANDARD: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
/// Syriac-derived month names used in the Levant and Iraq.
pub(crate) const MONTHS_LEVANTINE: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
/// French-derived month names used in Algeria and Tunisia.
pub(crate) const MONTHS_MAGHREBI: [&str; 12] = [
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Which digits pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Numerals {
    /// 0123456789, as most Arabic news sites print them.
    #[default]
    Western,
    /// ٠١٢٣٤٥٦٧٨٩
    Eastern,
}

/// Which month names pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MonthNames {
    #[default]
    Standard,
    Levantine,
    Maghrebi,
    /// "تشرين الثاني/نوفمبر", common in Levantine papers.
    Dual,
}

/// How dates are shown to readers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateStyle {
    pub numerals: Numerals,
    pub months: MonthNames,
}

impl DateStyle {
    /// The month's name (1 = January) in this style.
    pub fn month_name(&self, month: u32) -> String {
        let mut out = String::new();
        self.push_month_name(&mut out, month);
        out
    }

    fn push_month_name(&self, out: &mut String, month: u32) {
        let i = (month.clamp(1, 12) - 1) as usize;
        out.push_str(match self.months {
            MonthNames::Standard => MONTHS_STANDARD[i],
            MonthNames::Levantine | MonthNames::Dual => MONTHS_LEVANTINE[i],
            MonthNames::Maghrebi => MONTHS_MAGHREBI[i],
        });
        if self.months == MonthNames::Dual {
            out.push('/');
            out.push_str(MONTHS_STANDARD[i]);
        }
    }

    /// Digits of `n` in this style.
    pub fn number(&self, n: impl std::fmt::Display) -> String {
        let s = n.to_string();
        match self.numerals {
            Numerals::Western => s,
            Numerals::Eastern => to_eastern_digits(&s),
        }
    }

    /// The digits of `n` in this style, written onto `out` (a date's parts:
    /// every listing shows a date per story, so no `format!` here).
    fn push_number(&self, out: &mut String, n: i64) {
        if n < 0 {
            out.push('-');
        }
        let mut digits = [0u8; 20];
        let mut rest = n.unsigned_abs();
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let zero = match self.numerals {
            Numerals::Western => '0',
            Numerals::Eastern => '\u{0660}',
        };
        for &d in &digits[start..] {
            out.push(char::from_u32(zero as u32 + u32::from(d)).unwrap_or(zero));
        }
    }

    /// "الثلاثاء، 11 نوفمبر 2025": the weekday, an Arabic comma, the date.
    pub fn full_date(&self, date: NaiveDate) -> String {
        let mut out = String::with_capacity(64);
        out.push_str(weekday_name(date.weekday()));
        out.push_str(AFTER_WEEKDAY);
        self.push_day_month_year(&mut out, date);
        out
    }

    /// "20 جمادى الأولى 1447 هـ": the Umm al-Qura date, `adjust` days later
    /// (see [`super::hijri`]); `None` outside its table.
    pub fn hijri(&self, date: NaiveDate, adjust: i8) -> Option<String> {
        let (year, month, day) = super::hijri::umm_al_qura(date, adjust)?;
        let name = super::hijri::MONTHS[usize::from(month.clamp(1, 12) - 1)];
        Some(format!(
            "{} {name} {} هـ",
            self.number(day),
            self.number(year)
        ))
    }

    /// "11 نوفمبر 2025"
    pub fn day_month_year(&self, date: NaiveDate) -> String {
        let mut out = String::with_capacity(48);
        self.push_day_month_year(&mut out, date);
        out
    }

    fn push_day_month_year(&self, out: &mut String, date: NaiveDate) {
        self.push_number(out, i64::from(date.day()));
        out.push(' ');
        self.push_month_name(out, date.month());
        out.push(' ');
        self.push_number(out, i64::from(date.year()));
    }

    /// "نوفمبر 2025"
    pub fn month_year(&self, year: i32, month: u32) -> String {
        let mut out = String::with_capacity(40);
        self.push_month_name(&mut out, month);
        out.push(' ');
        self.push_number(&mut out, i64::from(year));
        out
    }

    /// "9:56 مساءً", "12:05 صباحاً": the twelve-hour clock as Arabic news
    /// sites sign a story's time (a bare «م» would read as the era's «م»
    /// beside a Gregorian date).
    pub fn time(&self, time: NaiveTime) -> String {
        let hour = match time.hour() % 12 {
            0 => 12,
            h => h,
        };
        let part = if time.hour() < 12 {
            "صباحاً"
        } else {
            "مساءً"
        };
        self.number(format!("{hour}:{:02} {part}", time.minute()))
    }
}

/// What follows the weekday in a [`DateStyle::full_date`].
const AFTER_WEEKDAY: &str = "، ";

/// "11 نوفمبر 2025" of a [`DateStyle::full_date`]: its date without the
/// weekday (borrowed: no second formatting for the article's date line).
pub(crate) fn without_weekday(full_date: &str) -> &str {
    full_date
        .split_once(AFTER_WEEKDAY)
        .map_or(full_date, |(_, date)| date)
}

/// The Arabic name of a weekday.
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "الاثنين",
        Weekday::Tue => "الثلاثاء",
        Weekday::Wed => "الأربعاء",
        Weekday::Thu => "الخميس",
        Weekday::Fri => "الجمعة",
        Weekday::Sat => "السبت",
        Weekday::Sun => "الأحد",
    }
}

/// Replaces ASCII digits with Eastern Arabic ones.
pub(crate) fn to_eastern_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0x0660).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn standard_western_is_the_default() {
        let style = DateStyle::default();
        assert_eq!(
            style.full_date(day(2025, 11, 11)),
            "الثلاثاء، 11 نوفمبر 2025"
        );
        assert_eq!(
            style.hijri(day(2025, 11, 11), 0).as_deref(),
            Some("20 جمادى الأولى 1447 هـ")
        );
    }

    #[test]
    fn a_full_date_without_its_weekday_is_its_date() {
        let style = DateStyle::default();
        let date = day(2025, 6, 23);
        assert_eq!(
            without_weekday(&style.full_date(date)),
            style.day_month_year(date)
        );
    }

    #[test]
    fn the_hijri_month_after_a_number_is_in_the_genitive() {
        let style = DateStyle::default();
        assert_eq!(
            style.hijri(day(2025, 6, 23), 0).as_deref(),
            Some("27 ذي الحجة 1446 هـ")
        );
        assert_eq!(
            style.hijri(day(2025, 5, 1), 0).as_deref(),
            Some("3 ذي القعدة 1446 هـ")
        );
    }

    #[test]
    fn eastern_digits_and_levantine_months() {
        let style = DateStyle {
            numerals: Numerals::Eastern,
            months: MonthNames::Levantine,
        };
        assert_eq!(
            style.day_month_year(day(2025, 11, 8)),
            "٨ تشرين الثاني ٢٠٢٥"
        );
    }

    #[test]
    fn twelve_hour_times() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        let western = DateStyle::default();
        assert_eq!(western.time(at(21, 56)), "9:56 مساءً");
        assert_eq!(western.time(at(9, 5)), "9:05 صباحاً");
        assert_eq!(western.time(at(0, 15)), "12:15 صباحاً");
        assert_eq!(western.time(at(12, 0)), "12:00 مساءً");
        let eastern = DateStyle {
            numerals: Numerals::Eastern,
            ..DateStyle::default()
        };
        assert_eq!(eastern.time(at(18, 32)), "٦:٣٢ مساءً");
    }

    #[test]
    fn dates_written_in_place_match_the_formatted_numbers() {
        for numerals in [Numerals::Western, Numerals::Eastern] {
            let style = DateStyle {
                numerals,
                ..DateStyle::default()
            };
            for n in [0i64, 7, 10, 2025, -44, 1_000_000_007] {
                let mut out = String::new();
                style.push_number(&mut out, n);
                assert_eq!(out, style.number(n));
            }
        }
    }

    #[test]
    fn dual_and_maghrebi_month_names() {
        let dual = DateStyle {
            months: MonthNames::Dual,
            ..DateStyle::default()
        };
        assert_eq!(dual.month_year(2024, 12), "كانون الأول/ديسمبر 2024");
        let maghreb = DateStyle {
            months: MonthNames::Maghrebi,
            ..DateStyle::default()
        };
        assert_eq!(maghreb.month_name(7), "جويلية");
    }
}
