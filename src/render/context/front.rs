//! The front page's context (`front` on the first page of the home listing):
//! the lead story, the breaking strip, the second tier, a block per
//! section, and beside the latest stories the topics of the day and the
//! latest months of the archive, as the resolve stage chose them
//! ([`crate::front`]).

use serde::Serialize;

use super::{Contexts, CountedLink, NamedLink, Summary};
use crate::config::TaxonomyKind;
use crate::permalink::{folder_iri, month_path};

/// Months of the archive beside the latest stories.
pub(in crate::render) const ARCHIVE_MONTHS: usize = 6;

#[derive(Serialize)]
pub(in crate::render) struct FrontCtx<'a> {
    /// The lead story, shown large with its picture.
    lead: Option<Summary>,
    /// Its section's name, the lead's kicker («الخبر الرئيسي» without one).
    lead_section: Option<&'a str>,
    /// Breaking stories, newest first.
    breaking: Vec<Summary>,
    /// The stories under the lead, each with its section's name.
    second: Vec<TierStory<'a>>,
    sections: Vec<SectionBlock<'a>>,
    /// The tags the latest stories share most, with their pages.
    topics: Vec<NamedLink>,
    /// The latest months of the archive, with their story counts.
    months: Vec<CountedLink>,
    /// «الأكثر قراءة» from the data file `most_read`, when there is one.
    most_read: &'a [NamedLink],
    /// The opinion section's latest column of each writer (up to six),
    /// with the section's name and page.
    columnists: Vec<Column>,
    columns: Option<NamedLink>,
    /// Today in both calendars, over the front page when `hijri` is on
    /// (only there: an article page is not rebuilt every day).
    date_line: Option<DateLine>,
}

/// «الأحد 21 جمادى الأولى 1447 هـ - 12 نوفمبر 2025 م».
#[derive(Serialize)]
struct DateLine {
    /// The day, ISO 8601.
    iso: String,
    weekday: &'static str,
    hijri: String,
    gregorian: String,
}

/// A column on the front page's columnists' strip: its writer first.
#[derive(Serialize)]
struct Column {
    #[serde(flatten)]
    writer: super::Columnist,
    title: String,
    story_url: String,
}

/// Columns the front page's strip shows at most.
const COLUMNISTS: usize = 6;

/// A story of the second tier: its summary and its section's name (the kicker).
#[derive(Serialize)]
struct TierStory<'a> {
    #[serde(flatten)]
    story: Summary,
    section: Option<&'a str>,
}

/// A section's latest stories on the front page.
#[derive(Serialize)]
struct SectionBlock<'a> {
    name: &'a str,
    url: String,
    items: Vec<Summary>,
}

impl Contexts<'_> {
    /// Today's date line, when the site shows Hijri dates.
    fn date_line(&self) -> Option<DateLine> {
        let toml = &self.site.settings.toml;
        if !toml.hijri {
            return None;
        }
        let today = self
            .site
            .settings
            .zone
            .localize(&self.last_day.now())
            .date_naive();
        Some(DateLine {
            iso: today.format("%Y-%m-%d").to_string(),
            weekday: crate::arabic::format::weekday_name(chrono::Datelike::weekday(&today)),
            hijri: self.style.hijri(today, toml.hijri_adjust)?,
            gregorian: self.style.day_month_year(today),
        })
    }

    pub(super) fn front(&self) -> FrontCtx<'_> {
        let site = self.site;
        let front = &site.front;
        FrontCtx {
            date_line: self.date_line(),
            lead: front.lead.map(|i| self.summary_of(i)),
            lead_section: front
                .lead
                .and_then(|i| site.section_of[i])
                .map(|s| site.sections[s].name.as_str()),
            breaking: front.breaking.iter().map(|&i| self.summary_of(i)).collect(),
            second: front
                .second
                .iter()
                .map(|&i| TierStory {
                    story: self.summary_of(i),
                    section: site.section_of[i].map(|s| site.sections[s].name.as_str()),
                })
                .collect(),
            // An opinion section has the columnists' strip instead of a block.
            sections: front
                .sections
                .iter()
                .filter(|(_, stories)| !stories.first().is_some_and(|&i| self.is_column(i)))
                .map(|(s, stories)| {
                    let section = &site.sections[*s];
                    SectionBlock {
                        name: &section.name,
                        url: folder_iri(&self.base_path, &section.slug),
                        items: stories.iter().map(|&i| self.summary_of(i)).collect(),
                    }
                })
                .collect(),
            topics: self.topics(),
            months: self.latest_months(),
            most_read: self.most_read(),
            columnists: self.columnists(),
            columns: self.columns_section(),
        }
    }

    /// The first opinion section's latest column by each writer.
    fn columnists(&self) -> Vec<Column> {
        let Some(section) = self.opinion_section() else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        self.site.sections[section]
            .articles
            .iter()
            .filter_map(|&i| {
                let writer = self.columnist(i)?;
                seen.insert(crate::arabic::normalize::term_key(&writer.name))
                    .then(|| Column {
                        writer,
                        title: self.site.articles[i].title.clone(),
                        story_url: self.url_of(i),
                    })
            })
            .take(COLUMNISTS)
            .collect()
    }

    fn columns_section(&self) -> Option<NamedLink> {
        let section = &self.site.sections[self.opinion_section()?];
        Some(NamedLink {
            name: section.name.clone(),
            url: folder_iri(&self.base_path, &section.slug),
        })
    }

    /// The first section of `kind = "opinion"` that has columns.
    fn opinion_section(&self) -> Option<usize> {
        let site = self.site;
        (0..site.sections.len()).find(|&s| {
            site.sections[s]
                .articles
                .first()
                .is_some_and(|&i| self.is_column(i))
        })
    }

    fn topics(&self) -> Vec<NamedLink> {
        let site = self.site;
        let Some(tags) = site
            .taxonomies
            .iter()
            .find(|t| t.kind == TaxonomyKind::Tags)
        else {
            return Vec::new();
        };
        site.front
            .topics
            .iter()
            .map(|&k| {
                let term = &tags.terms[k];
                NamedLink {
                    name: term.name.clone(),
                    url: folder_iri(&self.base_path, &format!("{}/{}", tags.slug, term.slug)),
                }
            })
            .collect()
    }

    fn latest_months(&self) -> Vec<CountedLink> {
        let months = self.site.years.iter().flat_map(|y| &y.months);
        months
            .take(ARCHIVE_MONTHS)
            .map(|m| CountedLink {
                label: self.style.month_year(m.year, m.month),
                url: folder_iri(&self.base_path, &month_path(m.year, m.month)),
                count: self.style.number(m.articles.len()),
            })
            .collect()
    }
}
