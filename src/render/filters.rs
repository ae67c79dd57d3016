//! Tera filters and functions that speak the site's Arabic: dates in every
//! style the site supports (`date_ar`, `hijri`), digits (`digits`) and
//! counts in the CLDR plural form of its language (`plural`), and
//! right-to-left plain text (`rtl_text`, see [`crate::arabic::bidi`]). Registered on
//! every template set, so a site's own templates can use them too.

use chrono::{DateTime, FixedOffset, NaiveDate};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::arabic::format::{DateStyle, MonthNames, Numerals};
use crate::dates::Zone;
use crate::settings::Settings;
use crate::strings::Strings;

/// What the filters need of the settings, owned (filters outlive a build's
/// borrow of them).
#[derive(Clone)]
struct Speech {
    style: DateStyle,
    hijri_adjust: i8,
    zone: Zone,
    strings: Strings,
}

pub(super) fn register(tera: &mut Tera, settings: &Settings) {
    let speech = Speech {
        style: settings.date_style(),
        hijri_adjust: settings.toml.hijri_adjust,
        zone: settings.zone,
        strings: settings.strings.clone(),
    };
    let s = speech.clone();
    tera.register_filter("date_ar", move |value: Value, kwargs: Kwargs, _: &State| {
        s.date_ar(&value, &kwargs)
    });
    let s = speech.clone();
    tera.register_filter("hijri", move |value: Value, kwargs: Kwargs, _: &State| {
        s.hijri(&value, &kwargs)
    });
    tera.register_filter("rtl_text", |value: Value, _: Kwargs, _: &State| {
        crate::arabic::bidi::rtl_plain_text(&plain(&value)).into_owned()
    });
    let s = speech.clone();
    tera.register_filter("digits", move |value: Value, kwargs: Kwargs, _: &State| {
        Ok::<String, tera::Error>(s.style(&kwargs)?.number(plain(&value)))
    });
    tera.register_function("plural", move |kwargs: Kwargs, _: &State| {
        let key: String = kwargs.must_get("key")?;
        let n: i64 = kwargs.must_get("n")?;
        let style = speech.style(&kwargs)?;
        let n =
            usize::try_from(n).map_err(|_| tera::Error::message("plural: n must be 0 or more"))?;
        Ok::<String, tera::Error>(speech.strings.count(&key, n, |n| style.number(n)))
    });
}

impl Speech {
    /// The site's date style, with `numerals=` and `months=` overriding it.
    fn style(&self, kwargs: &Kwargs) -> TeraResult<DateStyle> {
        let mut style = self.style;
        if let Some(numerals) = kwargs.get::<&str>("numerals")? {
            style.numerals = match numerals {
                "western" => Numerals::Western,
                "eastern" => Numerals::Eastern,
                other => return Err(unknown("numerals", other, "western, eastern")),
            };
        }
        if let Some(months) = kwargs.get::<&str>("months")? {
            style.months = match months {
                "standard" => MonthNames::Standard,
                "levantine" => MonthNames::Levantine,
                "maghrebi" => MonthNames::Maghrebi,
                "dual" => MonthNames::Dual,
                other => {
                    return Err(unknown(
                        "months",
                        other,
                        "standard, levantine, maghrebi, dual",
                    ))
                }
            };
        }
        Ok(style)
    }

    /// `{{ page.date_iso | date_ar }}` → «الثلاثاء، 11 نوفمبر 2025»;
    /// `format=` `full` (the default), `date`, `month`, `time`, `weekday`
    /// or `datetime`.
    fn date_ar(&self, value: &Value, kwargs: &Kwargs) -> TeraResult<String> {
        let style = self.style(kwargs)?;
        let moment = self.moment(value)?;
        let day = moment.date_naive();
        let format = kwargs.get::<&str>("format")?.unwrap_or("full");
        Ok(match format {
            "full" => style.full_date(day),
            "date" => style.day_month_year(day),
            "month" => {
                style.month_year(chrono::Datelike::year(&day), chrono::Datelike::month(&day))
            }
            "time" => style.time(moment.time()),
            "weekday" => {
                crate::arabic::format::weekday_name(chrono::Datelike::weekday(&day)).into()
            }
            "datetime" => format!("{} — {}", style.full_date(day), style.time(moment.time())),
            other => {
                return Err(unknown(
                    "format",
                    other,
                    "full, date, month, time, weekday, datetime",
                ))
            }
        })
    }

    /// `{{ page.date_iso | hijri }}` → «20 جمادى الأولى 1447 هـ» (Umm
    /// al-Qura, the site's `hijri_adjust` or `adjust=`); empty outside
    /// AH 1300–1600.
    fn hijri(&self, value: &Value, kwargs: &Kwargs) -> TeraResult<String> {
        let style = self.style(kwargs)?;
        let adjust = match kwargs.get::<i64>("adjust")? {
            Some(adjust @ -1..=1) => adjust as i8,
            Some(_) => return Err(tera::Error::message("hijri: adjust must be -1, 0 or 1")),
            None => self.hijri_adjust,
        };
        let day = self.moment(value)?.date_naive();
        Ok(style.hijri(day, adjust).unwrap_or_default())
    }

    /// A date value as the site's local time: an RFC 3339 moment, or a
    /// `YYYY-MM-DD` day.
    fn moment(&self, value: &Value) -> TeraResult<DateTime<FixedOffset>> {
        let text = value.as_str().ok_or_else(|| {
            tera::Error::message("a date filter needs a date string, e.g. page.date_iso")
        })?;
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Ok(self.zone.localize(&moment));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .and_then(|local| self.zone.at_local(local))
            .ok_or_else(|| {
                tera::Error::message(format!("«{text}» is not a date (2025-11-11 or RFC 3339)"))
            })
    }
}

fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

fn unknown(what: &str, value: &str, known: &str) -> tera::Error {
    tera::Error::message(format!("{what} «{value}» is not one of {known}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str, settings: &Settings) -> String {
        let mut tera = Tera::default();
        register(&mut tera, settings);
        let added = tera.add_raw_template("t", source);
        assert!(added.is_ok(), "{added:?}");
        tera.render("t", &tera::Context::new())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn dates_in_every_style() {
        let site = Settings::default();
        let day = "2025-11-11T09:56:00+00:00";
        assert_eq!(
            render(&format!("{{{{ '{day}' | date_ar }}}}"), &site),
            "الثلاثاء، 11 نوفمبر 2025"
        );
        assert_eq!(
            render(&format!("{{{{ '{day}' | date_ar(format='date', months='levantine', numerals='eastern') }}}}"), &site),
            "١١ تشرين الثاني ٢٠٢٥"
        );
        assert_eq!(
            render(
                &format!("{{{{ '{day}' | date_ar(format='time') }}}}"),
                &site
            ),
            "9:56 صباحاً"
        );
        assert_eq!(
            render("{{ '2025-11-11' | date_ar(format='month') }}", &site),
            "نوفمبر 2025"
        );
        assert_eq!(
            render("{{ '2025-11-11' | hijri }}", &site),
            "20 جمادى الأولى 1447 هـ"
        );
        assert_eq!(
            render("{{ '2025-11-11' | hijri(adjust=1) }}", &site),
            "21 جمادى الأولى 1447 هـ"
        );
        assert!(render("{{ 'yesterday' | date_ar }}", &site).starts_with("error"));
        assert!(render("{{ '2025-11-11' | date_ar(format='nope') }}", &site).starts_with("error"));
    }

    #[test]
    fn dates_are_shown_in_the_sites_zone() {
        let mut site = Settings::default();
        site.zone = Zone::parse("+03:00").unwrap_or(site.zone);
        // 22:30 UTC on the 10th is already the 11th in Riyadh.
        assert_eq!(
            render(
                "{{ '2025-11-10T22:30:00Z' | date_ar(format='datetime') }}",
                &site
            ),
            "الثلاثاء، 11 نوفمبر 2025 — 1:30 صباحاً"
        );
    }

    #[test]
    fn counts_and_digits() {
        let site = Settings::default();
        assert_eq!(
            render(
                "{{ plural(key='news_count', n=11) }}|{{ plural(key='news_count', n=2) }}",
                &site
            ),
            "11 خبرًا|خبران"
        );
        assert_eq!(
            render(
                "{{ plural(key='news_count', n=3, numerals='eastern') }}",
                &site
            ),
            "٣ أخبار"
        );
        assert_eq!(
            render("{{ 2025 | digits(numerals='eastern') }}", &site),
            "٢٠٢٥"
        );
    }
}
