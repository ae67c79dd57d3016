//! Publication dates in every style real Arabic news data uses.
//!
//! `11th, November 2025 GMT`, ISO 8601 (with or without time and offset),
//! day-first numeric dates, Arabic month names in their Egyptian/Gulf, Levantine
//! and Maghrebi forms, weekday prefixes and Eastern Arabic digits all become one
//! [`DateTime<FixedOffset>`]. Dates without an offset take the site's.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

use crate::arabic::normalize::{ascii_digits, key};

/// Why a date could not be read; the message is shown to editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The site's time zone: a fixed offset (`+03:00`) or a named zone
/// (`Asia/Riyadh`, `Africa/Cairo`) whose offset changes with daylight
/// saving time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// One offset all year.
    Fixed(FixedOffset),
    /// An IANA zone, its offset changing with daylight saving time.
    Named(chrono_tz::Tz),
}

impl From<FixedOffset> for Zone {
    fn from(offset: FixedOffset) -> Zone {
        Zone::Fixed(offset)
    }
}

impl Zone {
    /// `+03:00`, `-05:30`, `Z`, or an IANA name such as `Asia/Beirut`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if let Ok(offset) = text.parse::<FixedOffset>() {
            return Ok(Zone::Fixed(offset));
        }
        if matches!(text, "Z" | "UTC" | "GMT") {
            return Ok(Zone::Fixed(utc()));
        }
        text.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("timezone «{text}» is neither an offset like +03:00 nor a zone name like Asia/Riyadh")
        })
    }

    /// The offset in force at a wall-clock time here: of the two around a
    /// clock change, the earlier; in a skipped hour, the one after it.
    pub fn offset_at_local(&self, local: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Fixed(offset) => *offset,
            Zone::Named(tz) => match tz.offset_from_local_datetime(&local) {
                chrono::LocalResult::Single(o) | chrono::LocalResult::Ambiguous(o, _) => o.fix(),
                chrono::LocalResult::None => {
                    let later = local.checked_add_signed(chrono::Duration::hours(1));
                    later
                        .and_then(|later| tz.offset_from_local_datetime(&later).earliest())
                        .map_or(utc(), |o| o.fix())
                }
            },
        }
    }

    /// The offset in force at an instant.
    pub fn offset_at(&self, at: &DateTime<FixedOffset>) -> FixedOffset {
        match self {
            Zone::Fixed(offset) => *offset,
            Zone::Named(tz) => tz.offset_from_utc_datetime(&at.naive_utc()).fix(),
        }
    }

    /// The instant `at` as the clock here shows it.
    pub fn localize(&self, at: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// A wall-clock time here as an instant: of two around a clock change,
    /// the earlier; one the clocks skip moves forward past the change, as
    /// a clock left unchanged would show it (00:00 on a day whose clocks
    /// jump from 00:00 to 01:00 is 01:00 — still that day, as Cairo,
    /// Beirut and Gaza change at midnight).
    pub fn at_local(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        let Zone::Named(tz) = self else {
            return self
                .offset_at_local(local)
                .from_local_datetime(&local)
                .single();
        };
        match tz.offset_from_local_datetime(&local) {
            chrono::LocalResult::Single(o) | chrono::LocalResult::Ambiguous(o, _) => {
                o.fix().from_local_datetime(&local).single()
            }
            chrono::LocalResult::None => {
                // The offset before the change, read from the instant before it.
                let before_gap = local.checked_sub_signed(chrono::Duration::hours(3))?;
                let before = tz.offset_from_local_datetime(&before_gap).earliest()?.fix();
                let instant = before.from_local_datetime(&local).single()?;
                Some(instant.with_timezone(&self.offset_at(&instant)))
            }
        }
    }
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
}

/// Parses a publication date. `zone` applies when the text names no time
/// zone (GMT/UTC/Z or `+03:00`).
pub fn parse_date(input: &str, zone: impl Into<Zone>) -> Result<DateTime<FixedOffset>, DateError> {
    parse_date_time(input, zone).map(|(date, _)| date)
}

/// [`parse_date`], and whether the text gave a time of day (pages show it
/// only then: a day alone reads as midnight).
pub(crate) fn parse_date_time(
    input: &str,
    zone: impl Into<Zone>,
) -> Result<(DateTime<FixedOffset>, bool), DateError> {
    let default_offset = zone.into();
    let text = ascii_digits(input.trim());
    if text.is_empty() {
        return Err(DateError("the date is empty".into()));
    }
    if let Some((dt, timed)) = parse_iso(&text, default_offset) {
        return in_range(dt).map(|dt| (dt, timed));
    }
    // "الثلاثاء 11 نوفمبر 2025 الموافق 20 جمادى الأولى 1447": the Gregorian half.
    let mut first_error = None;
    for part in text.split("الموافق") {
        match parse_words(part, default_offset) {
            Ok(parsed) => return Ok(parsed),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| DateError(format!("cannot read the date «{input}»"))))
}

/// How a date was completed from the file's own time, when its text did
/// not give it whole: the build says so, since the file's time may not be
/// the page's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guessed {
    /// «منذ ساعتين», «أمس»: counted back from the file's time.
    Relative,
    /// «2 ديسمبر»: the year that puts it nearest before the file's time.
    Year,
}

/// [`parse_date_time`]; when that cannot read `input` and `reference` (the
/// file's modification time, in the site's zone) is known, a relative date
/// counted back from it, or a day and month in the year that puts it
/// nearest before it.
pub(crate) fn parse_date_near(
    input: &str,
    zone: Zone,
    reference: Option<DateTime<FixedOffset>>,
) -> Result<(DateTime<FixedOffset>, bool, Option<Guessed>), DateError> {
    let error = match parse_date_time(input, zone) {
        Ok((date, timed)) => return Ok((date, timed, None)),
        Err(e) => e,
    };
    let Some(reference) = reference else {
        return Err(error);
    };
    if let Some((date, timed)) = relative_date(input, reference, zone) {
        return Ok((date, timed, Some(Guessed::Relative)));
    }
    let text = ascii_digits(input.trim());
    match parts_of(&text) {
        Ok(mut parts) if parts.year.is_none() && parts.month.is_some() && parts.day.is_some() => {
            use chrono::Datelike;
            let year = reference.year();
            parts.year = Some(year);
            let day =
                NaiveDate::from_ymd_opt(year, parts.month.unwrap_or(1), parts.day.unwrap_or(1));
            if day.is_some_and(|d| d > reference.date_naive()) {
                parts.year = Some(year - 1);
            }
            finish(parts, zone, &text).map(|(date, timed)| (date, timed, Some(Guessed::Year)))
        }
        _ => Err(error),
    }
}

/// Whether `text` is a relative date and nothing else («منذ يومين»).
/// Whether `text` has a digit, Western or Arabic-Indic, found by its bytes
/// (٠ to ٩ are D9 A0 to D9 A9): most lines asked have none.
pub(crate) fn has_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_digit()
            || b == 0xD9 && bytes.get(i + 1).is_some_and(|n| (0xA0..=0xA9).contains(n))
    })
}

pub(crate) fn is_relative(text: &str) -> bool {
    // Four words at most («منذ 3 ساعات», «2 hours ago»): most lines go here.
    if text.split_whitespace().nth(4).is_some() {
        return false;
    }
    let reference =
        DateTime::<chrono::Utc>::UNIX_EPOCH.fixed_offset() + chrono::Duration::days(20_000);
    relative_date(text, reference, Zone::Fixed(utc())).is_some()
}

/// «منذ ساعتين», «منذ 3 ساعات», «قبل 5 دقائق», «منذ يومين», «أمس»,
/// «اليوم», «2 hours ago», «yesterday», counted back from `reference`.
/// Hours and minutes give a time of day; days give the day alone.
fn relative_date(
    input: &str,
    reference: DateTime<FixedOffset>,
    zone: Zone,
) -> Option<(DateTime<FixedOffset>, bool)> {
    let folded = key(&ascii_digits(input));
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let day_of = |days: u64| {
        let day = reference
            .date_naive()
            .checked_sub_days(chrono::Days::new(days))?;
        zone.at_local(day.and_hms_opt(0, 0, 0)?).map(|d| (d, false))
    };
    match words[..] {
        ["اليوم"] | ["today"] => return day_of(0),
        ["امس"] | ["البارحه"] | ["yesterday"] => return day_of(1),
        _ => {}
    }
    let (amount, unit) = match words[..] {
        ["منذ" | "قبل", unit] => (None, unit),
        ["منذ" | "قبل", n, unit] => (Some(n.parse::<u32>().ok()?), unit),
        [n, unit, "ago"] => (Some(n.parse::<u32>().ok()?), unit),
        [unit, "ago"] => (None, unit),
        _ => return None,
    };
    let (count, seconds) = match unit {
        "دقيقه" | "minute" => (amount.unwrap_or(1), 60),
        "دقيقتين" | "دقيقتان" => (2, 60),
        "دقائق" | "minutes" => (amount?, 60),
        "ساعه" | "hour" => (amount.unwrap_or(1), 3600),
        "ساعتين" | "ساعتان" => (2, 3600),
        "ساعات" | "hours" => (amount?, 3600),
        "يوم" | "يوما" | "day" => return day_of(amount.unwrap_or(1).into()),
        "يومين" | "يومان" => return day_of(2),
        "ايام" | "days" => return day_of(amount?.into()),
        "اسبوع" | "week" => return day_of(7 * u64::from(amount.unwrap_or(1))),
        "اسبوعين" | "اسبوعان" => return day_of(14),
        "اسابيع" | "weeks" => return day_of(7 * u64::from(amount?)),
        _ => return None,
    };
    let back = chrono::Duration::seconds(i64::from(count) * seconds);
    Some((zone.localize(&(reference - back)), true))
}

/// The date a news text states nearest to `near`: whole dates written in
/// it (`8 نوفمبر 2025`, `2025-11-08`, `8/11/2025`), and weekday names
/// (`السبت`) read as the latest such day on or before `near` — how a story
/// says which day it tells of. `None` when it states none. Ties go to the
/// earlier date (a story is written after what it tells).
pub(crate) fn nearest_stated_date(text: &str, near: NaiveDate) -> Option<NaiveDate> {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '/' | '-' | '.') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut stated: Vec<NaiveDate> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(day) = weekday_number(&key(word)) {
            let back = (chrono::Datelike::weekday(&near).num_days_from_monday() + 7 - day) % 7;
            stated.extend(near.checked_sub_days(chrono::Days::new(back.into())));
        } else if has_digit(word) {
            // The longest run of words from here that reads as a whole date.
            let found = (1..=3).rev().find_map(|n| {
                let run = words.get(i..i + n)?.join(" ");
                parse_date(&run, utc())
                    .ok()
                    .filter(|_| run.chars().count() >= 6)
            });
            stated.extend(found.map(|d| d.date_naive()));
        }
    }
    stated
        .into_iter()
        .min_by_key(|d| ((*d - near).num_days().abs(), *d))
}

/// Monday 0 … Sunday 6 for an Arabic weekday name (folded by `key`).
fn weekday_number(folded: &str) -> Option<u32> {
    match folded
        .strip_prefix('و')
        .filter(|w| w.starts_with("ال"))
        .unwrap_or(folded)
    {
        "الاثنين" | "الاتنين" => Some(0),
        "الثلاثاء" => Some(1),
        "الاربعاء" => Some(2),
        "الخميس" => Some(3),
        "الجمعه" => Some(4),
        "السبت" => Some(5),
        "الاحد" => Some(6),
        _ => None,
    }
}

/// Years a news archive can hold; anything else is a typo (`4050`, `0025`).
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

fn in_range(date: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, DateError> {
    use chrono::Datelike;
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError(format!(
            "the year {} is out of range",
            date.year()
        )))
    }
}

fn parse_iso(text: &str, default_offset: Zone) -> Option<(DateTime<FixedOffset>, bool)> {
    if let Some(day) = iso_day(text) {
        // Midnight where the site is, as the free-form reader would have it.
        let midnight = default_offset.at_local(day.and_hms_opt(0, 0, 0)?)?;
        return Some((midnight, false));
    }
    parse_iso_time(text, default_offset).map(|dt| (dt, true))
}

/// ISO 8601 with a time, with or without an offset.
fn parse_iso_time(text: &str, default_offset: Zone) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    const WITH_OFFSET: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
    ];
    for format in WITH_OFFSET {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return Some(dt);
        }
    }
    const NAIVE: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    for format in NAIVE {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return default_offset.at_local(naive);
        }
    }
    None
}

/// `2025-11-11`, the commonest date of front matter, read without trying
/// the formats below one by one.
fn iso_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse().ok())?
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// What the free-form reader has found so far.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<NaiveTime>,
    pm: bool,
    am: bool,
    offset: Option<FixedOffset>,
}

fn parse_words(
    text: &str,
    default_offset: Zone,
) -> Result<(DateTime<FixedOffset>, bool), DateError> {
    finish(parts_of(text)?, default_offset, text)
}

/// The parts a free-form date names, none required yet.
fn parts_of(text: &str) -> Result<Parts, DateError> {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if matches!(c, ',' | '،' | '؛' | ';' | '(' | ')') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut parts = Parts::default();
    let mut i = 0;
    while i < words.len() {
        i += read_word(&words, i, &mut parts)?;
    }
    Ok(parts)
}

/// Reads the word at `i` (and maybe the next) into `parts`; returns how many
/// words it took.
fn read_word(words: &[&str], i: usize, parts: &mut Parts) -> Result<usize, DateError> {
    let word = words[i];
    let folded = key(word);
    let lower = word.to_lowercase();
    if let Some(next) = words.get(i + 1) {
        if let Some(month) = two_word_month(&folded, &key(next)) {
            set(&mut parts.month, month, "month")?;
            return Ok(2);
        }
    }
    if let Some(month) = month_number(&folded) {
        set(&mut parts.month, month, "month")?;
    } else if is_weekday(&folded) || is_noise(&folded) {
    } else if let Some(offset) = zone_offset(&lower) {
        parts.offset = Some(offset);
    } else if matches!(lower.as_str(), "pm" | "p.m." | "مساء" | "مساءا" | "مساءً") {
        parts.pm = true;
    } else if matches!(lower.as_str(), "am" | "a.m." | "صباحا" | "صباحاً" | "ص") {
        parts.am = true;
    } else if word == "م" {
        // After a time, `م` is مساءً (10:30 م); after a year, ميلادي (2025 م).
        parts.pm |= i > 0 && words[i - 1].contains(':');
    } else if matches!(word, "-" | "–" | "—" | "|") {
        // `14 أبريل 2021 - 09:56 م`: between the day and the time.
    } else if word.contains(':') {
        let time =
            read_time(word).ok_or_else(|| DateError(format!("cannot read the time «{word}»")))?;
        parts.time = Some(time);
    } else if word.contains(['/', '-', '.']) && word.starts_with(|c: char| c.is_ascii_digit()) {
        if !read_named_month_date(word, parts)? {
            read_numeric_date(word, parts)?;
        }
    } else if let Some(n) = number_with_ordinal(word) {
        read_number(n, word, parts)?;
    } else {
        return Err(DateError(format!("unknown word «{word}» in the date")));
    }
    Ok(1)
}

fn set<T: PartialEq + Copy>(slot: &mut Option<T>, value: T, what: &str) -> Result<(), DateError> {
    match slot {
        Some(old) if *old != value => Err(DateError(format!("the date names two {what}s"))),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

fn read_number(n: u32, word: &str, parts: &mut Parts) -> Result<(), DateError> {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    if digits == 4 {
        set(&mut parts.year, n as i32, "year")
    } else if digits <= 2 && parts.day.is_none() {
        parts.day = Some(n);
        Ok(())
    } else if digits <= 2 && parts.month.is_none() {
        // "11 11 2025": day first, then month.
        parts.month = Some(n);
        Ok(())
    } else {
        Err(DateError(format!("unexpected number «{word}» in the date")))
    }
}

/// `11/11/2025`, `11-11-2025`, `11.11.2025` (day first) or `2025/11/11`.
fn read_numeric_date(word: &str, parts: &mut Parts) -> Result<(), DateError> {
    let fields: Vec<&str> = word.split(['/', '-', '.']).collect();
    let bad = || DateError(format!("cannot read the date «{word}»"));
    if fields.len() != 3 || fields.iter().any(|f| f.is_empty() || f.len() > 4) {
        return Err(bad());
    }
    let nums: Vec<u32> = fields
        .iter()
        .map(|f| f.parse::<u32>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let (y, m, d) = if fields[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if fields[2].len() == 4 {
        (nums[2], nums[1], nums[0])
    } else {
        return Err(bad());
    };
    set(&mut parts.year, y as i32, "year")?;
    set(&mut parts.month, m, "month")?;
    set(&mut parts.day, d, "day")
}

/// `22-نوفمبر-2024`, `08-Oct-17`: day, month name and year joined by
/// dashes (a two-digit year is this century's up to 69, else the last's).
/// False when the middle field is no month name.
fn read_named_month_date(word: &str, parts: &mut Parts) -> Result<bool, DateError> {
    let fields: Vec<&str> = word.split(['-', '/', '.']).collect();
    let [day, month, year] = fields[..] else {
        return Ok(false);
    };
    let Some(month) = month_number(&key(month)) else {
        return Ok(false);
    };
    let bad = || DateError(format!("cannot read the date «{word}»"));
    let day: u32 = day.parse().map_err(|_| bad())?;
    let year: i32 = match year.len() {
        4 => year.parse().map_err(|_| bad())?,
        2 => {
            let y: i32 = year.parse().map_err(|_| bad())?;
            if y < 70 {
                2000 + y
            } else {
                1900 + y
            }
        }
        _ => return Err(bad()),
    };
    set(&mut parts.year, year, "year")?;
    set(&mut parts.month, month, "month")?;
    set(&mut parts.day, day, "day")?;
    Ok(true)
}

fn read_time(word: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(word, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(word, "%H:%M"))
        .ok()
}

/// `11`, `11th`, `1st`, `2nd`, `3rd`.
fn number_with_ordinal(word: &str) -> Option<u32> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let rest = word[digits.len()..].to_ascii_lowercase();
    matches!(rest.as_str(), "" | "st" | "nd" | "rd" | "th" | "م")
        .then(|| digits.parse().ok())
        .flatten()
}

/// `GMT`, `+03:00`, `+0300`, and the hours alone as pages write them:
/// `+3`, `GMT+3`, `(+3 )`.
fn zone_offset(lower: &str) -> Option<FixedOffset> {
    match lower {
        "gmt" | "utc" | "z" | "غرينتش" | "جرينتش" => FixedOffset::east_opt(0),
        _ => {
            let lower = lower
                .strip_prefix("gmt")
                .or_else(|| lower.strip_prefix("utc"))
                .unwrap_or(lower);
            let sign = match lower.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let body = lower.get(1..)?.replace(':', "");
            if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes) = match body.len() {
                1 | 2 => (body.parse::<i32>().ok()?, 0),
                4 => (body[..2].parse().ok()?, body[2..].parse().ok()?),
                _ => return None,
            };
            if hours > 14 || minutes > 59 {
                return None;
            }
            FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        }
    }
}

/// Words that may sit in a date line without meaning anything for the date.
fn is_noise(folded: &str) -> bool {
    matches!(
        folded,
        "" | "بتوقيت"
            | "توقيت"
            | "الساعه"
            | "في"
            | "يوم"
            | "of"
            | "on"
            | "at"
            // What a page prints before its date: «نشر بتاريخ …».
            | "نشر"
            | "بتاريخ"
            | "تاريخ"
            | "التاريخ"
            | "النشر"
            | "مكه"
            | "المكرمه"
            | "القاهره"
            | "دمشق"
            | "بيروت"
            | "الرياض"
            | "ابوظبي"
            | "الدوحه"
    )
}

fn is_weekday(folded: &str) -> bool {
    const WEEKDAYS: &[&str] = &[
        "الاثنين",
        "الاتنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "الاحد",
        // As some sites print them, without the article.
        "اثنين",
        "ثلاثاء",
        "اربعاء",
        "خميس",
        "جمعه",
        "سبت",
        "احد",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
    ];
    WEEKDAYS.contains(&folded) || folded == "sun"
}

/// Levantine `كانون الثاني`, `تشرين الأول` … (folded words).
fn two_word_month(first: &str, second: &str) -> Option<u32> {
    match (first, second) {
        ("كانون", "الثاني" | "ثاني") => Some(1),
        ("تشرين", "الاول" | "اول") => Some(10),
        ("تشرين", "الثاني" | "ثاني") => Some(11),
        ("كانون", "الاول" | "اول") => Some(12),
        _ => None,
    }
}

/// One-word month names (folded): Egyptian/Gulf, Levantine, Maghrebi, English.
fn month_number(folded: &str) -> Option<u32> {
    const NAMES: &[(&str, u32)] = &[
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("ابريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يونيه", 6),
        ("يوليو", 7),
        ("يوليه", 7),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
        // Levantine and Iraqi (the two-word ones are in two_word_month).
        ("شباط", 2),
        ("اذار", 3),
        ("نيسان", 4),
        ("ايار", 5),
        ("حزيران", 6),
        ("تموز", 7),
        ("اب", 8),
        ("ايلول", 9),
        // Algeria and Tunisia, then Morocco.
        ("جانفي", 1),
        ("فيفري", 2),
        ("افريل", 4),
        ("ماي", 5),
        ("جوان", 6),
        ("جويليه", 7),
        ("اوت", 8),
        ("يوليوز", 7),
        ("غشت", 8),
        ("شتنبر", 9),
        ("نونبر", 11),
        ("دجنبر", 12),
        // English, full and abbreviated.
        ("january", 1),
        ("february", 2),
        ("march", 3),
        ("april", 4),
        ("may", 5),
        ("june", 6),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("october", 10),
        ("november", 11),
        ("december", 12),
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("janvier", 1),
        ("fevrier", 2),
        ("mars", 3),
        ("avril", 4),
        ("juin", 6),
        ("juillet", 7),
        ("aout", 8),
    ];
    NAMES
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, m)| *m)
}

fn finish(
    parts: Parts,
    default_offset: Zone,
    text: &str,
) -> Result<(DateTime<FixedOffset>, bool), DateError> {
    let missing = |what: &str| DateError(format!("no {what} in the date «{}»", text.trim()));
    let year = parts.year.ok_or_else(|| missing("year"))?;
    let month = parts.month.ok_or_else(|| missing("month"))?;
    let day = parts.day.ok_or_else(|| missing("day"))?;
    if !YEARS.contains(&year) {
        return Err(DateError(format!("the year {year} is out of range")));
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError(format!("there is no day {day} in month {month} of {year}")))?;
    let mut time = parts.time.unwrap_or(NaiveTime::MIN);
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    if parts.pm && time < noon {
        time += chrono::Duration::hours(12);
    }
    // 12:30 ص is half past midnight.
    if parts.am && !parts.pm && time >= noon && time < noon + chrono::Duration::hours(1) {
        time -= chrono::Duration::hours(12);
    }
    let local = date.and_time(time);
    let instant = match parts.offset {
        Some(offset) => offset.from_local_datetime(&local).single(),
        None => default_offset.at_local(local),
    };
    instant
        .map(|dt| (dt, parts.time.is_some()))
        .ok_or_else(|| DateError(format!("the time in «{}» does not exist", text.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn plain_iso_days_read_as_the_free_form_reader_reads_them() {
        let riyadh = FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!());
        for text in ["2025-11-11", "1999-01-31", "2024-02-29", "2200-12-31"] {
            for offset in [utc(), riyadh] {
                let fast = parse_date(text, offset).ok();
                assert!(fast.is_some(), "{text}");
                assert_eq!(
                    fast,
                    parse_words(text, offset.into()).ok().map(|(d, _)| d),
                    "{text}"
                );
            }
        }
        for not_a_day in [
            "2025-13-01",
            "2025-02-30",
            "0025-11-11",
            "2025-1-011",
            "٢٠٢٥-١١-١١",
        ] {
            assert_eq!(
                iso_day(not_a_day).is_some(),
                not_a_day == "0025-11-11",
                "{not_a_day}"
            );
        }
        assert!(parse_date("0025-11-11", utc()).is_err(), "out of range");
    }

    fn ymd(input: &str) -> String {
        match parse_date(input, utc()) {
            Ok(dt) => dt.format("%Y-%m-%d").to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn the_date_a_pasted_story_states_nearest_to_its_referrer() {
        let near = NaiveDate::from_ymd_opt(2025, 11, 11).unwrap();
        let day = |text: &str| nearest_stated_date(text, near).map(|d| d.to_string());
        // The seed's pasted CNN story: "السبت" before Tuesday 11 November.
        let seed = "ونقلت قناة الإخبارية السورية الرسمية عن بيان لوزارة الداخلية، السبت، قولها";
        assert_eq!(day(seed).as_deref(), Some("2025-11-08"));
        assert_eq!(day("وصل الثلاثاء إلى").as_deref(), Some("2025-11-11"));
        assert_eq!(
            day("قال في 9 نوفمبر 2025 إن").as_deref(),
            Some("2025-11-09")
        );
        assert_eq!(
            day("في 2025-10-01 وفي 7/11/2025").as_deref(),
            Some("2025-11-07")
        );
        assert_eq!(day("نحو 40 في المئة و2500 مقاتل منذ عام 2014"), None);
        assert_eq!(day("لا تاريخ هنا"), None);
    }

    #[test]
    fn the_seed_style() {
        assert_eq!(ymd("11th, November 2025 GMT"), "2025-11-11");
        assert_eq!(ymd("1st, March 2024 GMT"), "2024-03-01");
        assert_eq!(ymd("2nd, May 2023 GMT"), "2023-05-02");
        assert_eq!(ymd("23rd, June 2022 GMT"), "2022-06-23");
    }

    #[test]
    fn iso_forms() {
        assert_eq!(ymd("2025-11-11"), "2025-11-11");
        let dt = parse_date("2025-11-11 14:30", utc()).map(|d| d.to_rfc3339());
        assert_eq!(dt.as_deref(), Ok("2025-11-11T14:30:00+00:00"));
        let dt = parse_date("2025-11-11T14:30:00+03:00", utc()).map(|d| d.to_rfc3339());
        assert_eq!(dt.as_deref(), Ok("2025-11-11T14:30:00+03:00"));
    }

    #[test]
    fn numeric_day_first() {
        assert_eq!(ymd("11/11/2025"), "2025-11-11");
        assert_eq!(ymd("08/11/2025"), "2025-11-08");
        assert_eq!(ymd("8-11-2025"), "2025-11-08");
        assert_eq!(ymd("2025/11/08"), "2025-11-08");
    }

    #[test]
    fn arabic_month_names() {
        assert_eq!(ymd("11 نوفمبر 2025"), "2025-11-11");
        assert_eq!(ymd("الثلاثاء، 11 نوفمبر 2025"), "2025-11-11");
        assert_eq!(ymd("3 إبريل 2024"), "2024-04-03");
        assert_eq!(ymd("3 أبريل 2024"), "2024-04-03");
    }

    #[test]
    fn levantine_months() {
        assert_eq!(ymd("11 تشرين الثاني 2025"), "2025-11-11");
        assert_eq!(ymd("25 كانون الأول 2024"), "2024-12-25");
        assert_eq!(ymd("2 كانون الثاني 2024"), "2024-01-02");
        assert_eq!(ymd("9 آذار 2021"), "2021-03-09");
        assert_eq!(ymd("15 آب 2020"), "2020-08-15");
    }

    #[test]
    fn maghrebi_months() {
        let cases = [
            ("جانفي", 1),
            ("فيفري", 2),
            ("ماي", 5),
            ("جوان", 6),
            ("جويلية", 7),
            ("أوت", 8),
            ("غشت", 8),
            ("نونبر", 11),
            ("دجنبر", 12),
        ];
        for (name, month) in cases {
            assert_eq!(
                ymd(&format!("5 {name} 2023")),
                format!("2023-{month:02}-05"),
                "{name}"
            );
        }
    }

    #[test]
    fn eastern_digits() {
        assert_eq!(ymd("١١ نوفمبر ٢٠٢٥"), "2025-11-11");
        assert_eq!(ymd("٢٠٢٥-١١-١١"), "2025-11-11");
    }

    #[test]
    fn english_month_first() {
        assert_eq!(ymd("November 11, 2025"), "2025-11-11");
    }

    #[test]
    fn hijri_companion_is_ignored() {
        assert_eq!(
            ymd("الثلاثاء 11 نوفمبر 2025 الموافق 20 جمادى الأولى 1447"),
            "2025-11-11"
        );
    }

    #[test]
    fn zone_and_time_words() {
        let dt = parse_date("11 نوفمبر 2025 14:30 +03:00", utc()).map(|d| d.to_rfc3339());
        assert_eq!(dt.as_deref(), Ok("2025-11-11T14:30:00+03:00"));
        let dt = parse_date("11 نوفمبر 2025 2:30 pm GMT", utc()).map(|d| d.to_rfc3339());
        assert_eq!(dt.as_deref(), Ok("2025-11-11T14:30:00+00:00"));
    }

    #[test]
    fn twelve_hour_times_with_arabic_marks() {
        let at = |text: &str| {
            parse_date_time(text, utc())
                .map(|(d, timed)| (d.format("%Y-%m-%d %H:%M").to_string(), timed))
                .map_err(|e| e.0)
        };
        let timed = |s: &str| Ok((s.to_string(), true));
        // The newsroom corpus's forms: ` - ` before the time, ص/م after it.
        assert_eq!(at("14 أبريل 2021 - 09:56 م"), timed("2021-04-14 21:56"));
        assert_eq!(at("20 نيسان 2022 - 04:14 ص"), timed("2022-04-20 04:14"));
        assert_eq!(at("٢٦ فبراير ٢٠١٩ - ٠٦:٣٢ ص"), timed("2019-02-26 06:32"));
        assert_eq!(
            at("الخميس، 25 أكتوبر 2018 - 10:22 ص"),
            timed("2018-10-25 10:22")
        );
        assert_eq!(at("1 مايو 2025 - 12:15 م"), timed("2025-05-01 12:15"));
        assert_eq!(at("1 مايو 2025 - 12:15 ص"), timed("2025-05-01 00:15"));
        assert_eq!(at("2020-03-27 05:54"), timed("2020-03-27 05:54"));
        // After a year, م is the era (ميلادي), not the afternoon.
        assert_eq!(
            at("11 نوفمبر 2025 م"),
            Ok(("2025-11-11 00:00".into(), false))
        );
        assert_eq!(at("2025-11-11"), Ok(("2025-11-11 00:00".into(), false)));
        assert_eq!(
            at("11th, November 2025 GMT"),
            Ok(("2025-11-11 00:00".into(), false))
        );
    }

    #[test]
    fn named_zones_follow_daylight_saving_time() {
        let beirut = Zone::parse("Asia/Beirut").unwrap_or_else(|e| panic!("{e}"));
        let at = |text: &str| {
            parse_date(text, beirut)
                .map(|d| d.to_rfc3339())
                .map_err(|e| e.0)
        };
        // Winter +02:00, summer +03:00 (clocks go forward on 2025-03-30).
        assert_eq!(
            at("2025-01-15 10:00"),
            Ok("2025-01-15T10:00:00+02:00".into())
        );
        assert_eq!(
            at("15 يوليو 2025 - 10:00 ص"),
            Ok("2025-07-15T10:00:00+03:00".into())
        );
        assert_eq!(at("2025-03-29"), Ok("2025-03-29T00:00:00+02:00".into()));
        assert_eq!(at("2025-03-31"), Ok("2025-03-31T00:00:00+03:00".into()));
        // A time the clocks skip moves forward past the change: Beirut's
        // clocks jump from midnight, so a story of that day stays on it.
        assert_eq!(
            at("2025-03-30 00:30"),
            Ok("2025-03-30T01:30:00+03:00".into())
        );
        assert_eq!(at("2025-03-30"), Ok("2025-03-30T01:00:00+03:00".into()));
        assert_eq!(at("30 مارس 2025"), Ok("2025-03-30T01:00:00+03:00".into()));
        let cairo = Zone::parse("Africa/Cairo").unwrap_or_else(|e| panic!("{e}"));
        let day = |text: &str| {
            parse_date(text, cairo).map(|d| cairo.localize(&d).date_naive().to_string())
        };
        assert_eq!(day("2023-04-28"), Ok("2023-04-28".into()));
        assert_eq!(day("28 أبريل 2023"), Ok("2023-04-28".into()));
        // The hour the clocks repeat (autumn) reads as its first time.
        assert_eq!(
            parse_date("2023-10-26 23:30", cairo).map(|d| d.to_rfc3339()),
            Ok("2023-10-26T23:30:00+03:00".into())
        );
        // A zone the text names wins.
        assert_eq!(
            at("2025-07-15 10:00 GMT"),
            Ok("2025-07-15T10:00:00+00:00".into())
        );
        let instant = DateTime::parse_from_rfc3339("2025-07-15T07:00:00+00:00")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            beirut.localize(&instant).to_rfc3339(),
            "2025-07-15T10:00:00+03:00"
        );
        assert_eq!(
            Zone::parse("+03:00"),
            Ok(Zone::Fixed(
                FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!())
            ))
        );
        assert!(Zone::parse("Asia/Riyad").is_err_and(|e| e.contains("Asia/Riyadh")));
    }

    #[test]
    fn default_offset_applies_without_a_zone() {
        let riyadh = FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!());
        let dt = parse_date("11 نوفمبر 2025", riyadh).map(|d| d.to_rfc3339());
        assert_eq!(dt.as_deref(), Ok("2025-11-11T00:00:00+03:00"));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "غير معروف",
            "32nd, Foo 2025",
            "32 نوفمبر 2025",
            "30 فبراير 2024",
            "نوفمبر 2025",
            "11 نوفمبر",
            "11 نوفمبر 99999",
            "4050-11-11T14:30:00+03:00",
            "0025-11-11",
        ] {
            assert!(parse_date(bad, utc()).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn date_styles_real_pages_print() {
        let at = |input: &str| match parse_date_time(input, utc()) {
            Ok((dt, _)) => dt.format("%Y-%m-%d %H:%M %:z").to_string(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(at("جمعة, 23/01/2026 - 15:01"), "2026-01-23 15:01 +00:00");
        assert_eq!(at("22-نوفمبر-2024"), "2024-11-22 00:00 +00:00");
        assert_eq!(at("08-Oct-17"), "2017-10-08 00:00 +00:00");
        assert_eq!(at("08-Oct-95"), "1995-10-08 00:00 +00:00");
        assert_eq!(
            at("الأحد 14 يناير 2024 10:20 GMT (+3 )"),
            "2024-01-14 10:20 +03:00"
        );
        assert_eq!(at("14 يناير 2024 10:20 GMT+3"), "2024-01-14 10:20 +03:00");
        assert!(at("08-Foo-17").starts_with("error"));
    }

    fn near(input: &str) -> String {
        let reference = DateTime::parse_from_rfc3339("2025-03-02T14:30:00+03:00")
            .unwrap_or_else(|_| unreachable!());
        let zone = Zone::Fixed(FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!()));
        match parse_date_near(input, zone, Some(reference)) {
            Ok((dt, timed, guessed)) => {
                format!("{} {timed} {guessed:?}", dt.format("%Y-%m-%d %H:%M"))
            }
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn relative_dates_count_back_from_the_files_time() {
        assert_eq!(near("منذ ساعتين"), "2025-03-02 12:30 true Some(Relative)");
        assert_eq!(near("منذ 3 ساعات"), "2025-03-02 11:30 true Some(Relative)");
        assert_eq!(near("قبل ٥ دقائق"), "2025-03-02 14:25 true Some(Relative)");
        assert_eq!(near("منذ يومين"), "2025-02-28 00:00 false Some(Relative)");
        assert_eq!(near("أمس"), "2025-03-01 00:00 false Some(Relative)");
        assert_eq!(near("2 hours ago"), "2025-03-02 12:30 true Some(Relative)");
        assert_eq!(near("منذ 4 أيام"), "2025-02-26 00:00 false Some(Relative)");
        // A whole date is read as it is, the file's time aside.
        assert_eq!(near("1 مارس 2025"), "2025-03-01 00:00 false None");
        assert!(near("منذ زمن").starts_with("error"));
    }

    #[test]
    fn a_date_without_a_year_is_the_nearest_before_the_files_time() {
        assert_eq!(near("2 فبراير"), "2025-02-02 00:00 false Some(Year)");
        assert_eq!(near("2 ديسمبر"), "2024-12-02 00:00 false Some(Year)");
        assert_eq!(near("2 مارس 10:00 ص"), "2025-03-02 10:00 true Some(Year)");
        let none = parse_date_near("2 ديسمبر", Zone::Fixed(utc()), None);
        assert!(none.is_err());
    }
}
