//! Live coverage («تغطية مباشرة»): a story told in timestamped entries,
//! newest first. Markdown marks it `live = true` and writes each entry under
//! a `## 14:35` heading (or in `[[updates]]`); raw text has two or more
//! paragraphs opening with a time (`14:35 - …`, or the time on a line of
//! its own above the entry).
//!
//! A time without a date is on the day the coverage began, or the day
//! after when that would put it more than an hour before the start: a
//! night's coverage crosses midnight without dates. Longer coverage writes
//! the date with the time (`## 2026-12-08 09:00`).

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};

use crate::dates::{parse_date_time, Zone};

/// Coverage with no end and no entry for this long is over.
const QUIET_DAY: Duration = Duration::days(1);

/// An article's live coverage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Live {
    /// When the coverage ends or ended (front matter `live_end`, raw
    /// `نهاية التغطية:`); open while unset or still ahead.
    pub end: Option<DateTime<FixedOffset>>,
    /// Newest first.
    pub updates: Vec<LiveUpdate>,
}

/// One entry of live coverage.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LiveUpdate {
    pub time: DateTime<FixedOffset>,
    /// Its anchor on the page, from its time (`update-20261207-1435`):
    /// kept when entries are added, so a shared link stays on its entry.
    pub anchor: String,
    /// The words after the time in a heading, when there are any.
    pub headline: Option<String>,
    /// Its text as HTML (escaped or sanitised, as bodies are).
    pub html: String,
    /// Its text as plain words, for structured data and search.
    pub text: String,
}

impl Live {
    /// Whether the coverage begun at `start` is still going on at `now`:
    /// until its end, or without one until a day passes with no entry (a
    /// scraped archive's coverage is not «مباشر» for ever).
    pub fn is_on(&self, start: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> bool {
        now < self.ends(start)
    }

    /// When the coverage begun at `start` is over (see [`Live::is_on`]).
    pub fn ends(&self, start: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self.end {
            Some(end) => end,
            None => self.latest().unwrap_or(start).max(start) + QUIET_DAY,
        }
    }

    /// The newest entry's time.
    pub fn latest(&self) -> Option<DateTime<FixedOffset>> {
        self.updates.first().map(|u| u.time)
    }
}

/// When an entry was written, as its heading or line gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// A time of day: dated by [`Entries::finish`] from the start.
    Clock(NaiveTime),
    At(DateTime<FixedOffset>),
}

/// An entry as read, before it is dated.
pub(crate) struct Entry {
    pub when: When,
    pub headline: Option<String>,
    pub html: String,
    pub text: String,
}

/// The entries of one article, collected in the file's order.
pub(crate) fn finish(
    entries: Vec<Entry>,
    start: DateTime<FixedOffset>,
    end: Option<DateTime<FixedOffset>>,
    zone: Zone,
) -> Live {
    let mut updates: Vec<LiveUpdate> = entries
        .into_iter()
        .map(|entry| {
            let time = match entry.when {
                When::At(at) => at,
                When::Clock(clock) => on_the_day_of(start, clock, zone),
            };
            LiveUpdate {
                time,
                anchor: String::new(),
                headline: entry.headline,
                html: entry.html,
                text: entry.text,
            }
        })
        .collect();
    // Newest first; entries of one minute keep the file's order.
    updates.sort_by_key(|u| std::cmp::Reverse(u.time));
    let mut taken: Vec<String> = Vec::with_capacity(updates.len());
    for update in &mut updates {
        // The time as written (in its own offset), as the desk knows it.
        let base = format!("update-{}", update.time.format("%Y%m%d-%H%M"));
        let mut anchor = base.clone();
        let mut n = 2;
        while taken.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        taken.push(anchor.clone());
        update.anchor = anchor;
    }
    Live { end, updates }
}

/// `clock` on the local day coverage began at `start`, or on the next day
/// when that is more than an hour before the start.
fn on_the_day_of(
    start: DateTime<FixedOffset>,
    clock: NaiveTime,
    zone: Zone,
) -> DateTime<FixedOffset> {
    // The start's own clock: a date written with its offset (`+03:00`)
    // says where the desk is, whatever the site's zone.
    let in_zone = zone.offset_at(&start) == *start.offset();
    let day = start.date_naive();
    let at = |day: chrono::NaiveDate| {
        let local = day.and_time(clock);
        let fixed =
            |offset: FixedOffset| DateTime::from_naive_utc_and_offset(local - offset, offset);
        if in_zone {
            zone.at_local(local)
                .unwrap_or_else(|| fixed(zone.offset_at_local(local)))
        } else {
            fixed(*start.offset())
        }
    };
    let same_day = at(day);
    if same_day < start - Duration::hours(1) {
        day.succ_opt().map_or(same_day, at)
    } else {
        same_day
    }
}

/// A time opening `text` ("14:35", "٢:٠٥ م", "9:05 مساءً") and the text
/// after it; `None` unless the text opens with one.
pub(crate) fn clock_at_start(text: &str) -> Option<(NaiveTime, &str)> {
    let (hour, after_hour) = number(text, 1..=2)?;
    let after_colon = after_hour.strip_prefix(':')?;
    let (minute, mut rest) = number(after_colon, 2..=2)?;
    if rest.starts_with(|c: char| c == ':' && rest[1..].starts_with(|d: char| digit(d).is_some())) {
        // Seconds: read and dropped.
        let (_, after) = number(&rest[1..], 2..=2)?;
        rest = after;
    }
    let (hour, rest) = match half_of_day(rest) {
        Some((pm, after)) if (1..=12).contains(&hour) => {
            (hour % 12 + if pm { 12 } else { 0 }, after)
        }
        _ => (hour, rest),
    };
    let time = NaiveTime::from_hms_opt(hour, minute, 0)?;
    Some((time, rest))
}

/// «ص»/«م» (and their long forms, or am/pm) after a time: whether it is
/// afternoon, and the text after the word.
fn half_of_day(text: &str) -> Option<(bool, &str)> {
    let trimmed = text.trim_start();
    const WORDS: [(&str, bool); 11] = [
        ("صباحاً", false),
        ("صباحا", false),
        ("ص", false),
        ("مساءً", true),
        ("مساءا", true),
        ("مساء", true),
        ("م", true),
        ("am", false),
        ("pm", true),
        ("AM", false),
        ("PM", true),
    ];
    WORDS.iter().find_map(|(word, pm)| {
        let after = trimmed.strip_prefix(word)?;
        // A whole word: «م» is not the first letter of «مصدر».
        let whole = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        whole.then_some((*pm, after))
    })
}

/// Digits (Western, Arabic-Indic or Persian) opening `text`: their value
/// when there are as many as `count` allows, and the text after them.
fn number(text: &str, count: std::ops::RangeInclusive<usize>) -> Option<(u32, &str)> {
    let mut value = 0;
    let mut digits = 0;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        let Some(d) = digit(c) else { break };
        value = value * 10 + d;
        digits += 1;
        end = at + c.len_utf8();
    }
    count.contains(&digits).then_some((value, &text[end..]))
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

/// A Markdown heading that opens an entry: a time ("14:35 وصول الوفد") or
/// a date with its time ("2026-12-08 09:00"); its words after the time.
pub(crate) fn heading_time(text: &str, zone: Zone) -> Option<(When, Option<String>)> {
    let text = text.trim();
    if let Some((clock, rest)) = clock_at_start(text) {
        let rest = rest
            .trim_start_matches([' ', '-', '–', '—', '|', ':', '،'])
            .trim();
        return Some((
            When::Clock(clock),
            (!rest.is_empty()).then(|| rest.to_string()),
        ));
    }
    // A whole date and time, when the heading opens with a digit.
    if !text.starts_with(|c: char| digit(c).is_some()) {
        return None;
    }
    match parse_date_time(text, zone) {
        Ok((at, true)) => Some((When::At(at), None)),
        _ => None,
    }
}

/// A raw paragraph that opens an entry: `14:35 - text` (a dash, a bar or a
/// colon after the time) or a time alone. The time, and the entry's first
/// words (empty for a time alone).
pub(crate) fn raw_entry_line(line: &str) -> Option<(NaiveTime, &str)> {
    let (clock, rest) = clock_at_start(line)?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some((clock, rest));
    }
    let text = rest.strip_prefix(['-', '–', '—', '|', ':'])?.trim();
    (!text.is_empty()).then_some((clock, text))
}

/// A time written in `[[updates]]`: a time of day or a whole date.
pub(crate) fn written_time(text: &str, zone: Zone) -> Option<When> {
    let text = text.trim();
    match clock_at_start(text) {
        Some((clock, rest)) if rest.trim().is_empty() => Some(When::Clock(clock)),
        _ => parse_date_time(text, zone).ok().map(|(at, _)| When::At(at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::parse("+03:00").unwrap()
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn times_are_read_in_every_digit_and_both_halves_of_the_day() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(clock_at_start("14:35 - وصل"), Some((t(14, 35), " - وصل")));
        assert_eq!(clock_at_start("١٤:٣٥"), Some((t(14, 35), "")));
        assert_eq!(clock_at_start("2:05 م"), Some((t(14, 5), "")));
        assert_eq!(clock_at_start("9:05 مساءً وصل"), Some((t(21, 5), " وصل")));
        assert_eq!(clock_at_start("12:10 ص"), Some((t(0, 10), "")));
        assert_eq!(clock_at_start("10:20:33 -"), Some((t(10, 20), " -")));
        // «م» opening a word is no afternoon.
        assert_eq!(clock_at_start("9:05 مصدر"), Some((t(9, 5), " مصدر")));
        for not_a_time in ["25:00", "14:5", "1435", "2024 - عام", "في 14:35", "123:45"] {
            assert_eq!(clock_at_start(not_a_time), None, "{not_a_time}");
        }
    }

    #[test]
    fn raw_entries_open_with_a_time_and_a_dash_or_stand_alone() {
        assert!(raw_entry_line("14:35 - وصل الوفد إلى القاهرة").is_some());
        assert!(raw_entry_line("14:35 | وصل الوفد").is_some());
        assert!(raw_entry_line("14:35").is_some());
        assert!(raw_entry_line("14:35 وصل الوفد").is_none(), "no separator");
        assert!(
            raw_entry_line("14:35 -").is_none(),
            "nothing after the dash"
        );
    }

    #[test]
    fn entries_are_dated_from_the_start_across_midnight_and_newest_first() {
        let start = at("2026-12-07T21:00:00+03:00");
        let entry = |h, m| Entry {
            when: When::Clock(NaiveTime::from_hms_opt(h, m, 0).unwrap()),
            headline: None,
            html: String::new(),
            text: String::new(),
        };
        let live = finish(
            vec![
                entry(21, 10),
                entry(23, 50),
                entry(0, 20),
                entry(20, 30),
                entry(0, 20),
            ],
            start,
            None,
            zone(),
        );
        let times: Vec<String> = live.updates.iter().map(|u| u.time.to_rfc3339()).collect();
        assert_eq!(
            times,
            [
                "2026-12-08T00:20:00+03:00",
                "2026-12-08T00:20:00+03:00",
                "2026-12-07T23:50:00+03:00",
                "2026-12-07T21:10:00+03:00",
                // Half an hour before the start: the same evening.
                "2026-12-07T20:30:00+03:00",
            ]
        );
        let anchors: Vec<&str> = live.updates.iter().map(|u| u.anchor.as_str()).collect();
        assert_eq!(anchors[0], "update-20261208-0020");
        assert_eq!(anchors[1], "update-20261208-0020-2");
        assert_eq!(live.latest(), Some(at("2026-12-08T00:20:00+03:00")));
        assert!(
            live.is_on(start, at("2026-12-08T10:00:00+03:00")),
            "no end: on"
        );
        assert!(
            !live.is_on(start, at("2026-12-09T00:21:00+03:00")),
            "a day without an entry: over"
        );
        let ended = Live {
            end: Some(at("2026-12-08T01:00:00+03:00")),
            ..live
        };
        assert!(!ended.is_on(start, at("2026-12-08T01:00:00+03:00")));
    }

    #[test]
    fn headings_carry_a_time_or_a_whole_date() {
        let (when, headline) = heading_time("14:35 وصول الوفد", zone()).unwrap();
        assert_eq!(
            when,
            When::Clock(NaiveTime::from_hms_opt(14, 35, 0).unwrap())
        );
        assert_eq!(headline.as_deref(), Some("وصول الوفد"));
        let (when, _) = heading_time("2026-12-08 09:00", zone()).unwrap();
        assert_eq!(when, When::At(at("2026-12-08T09:00:00+03:00")));
        assert_eq!(heading_time("ردود الفعل", zone()), None);
        assert_eq!(heading_time("2026 عام الانتخابات", zone()), None);
    }
}
