//! The front page's context (`front` on the first page of the home listing):
//! the lead story, the breaking strip and a block per section, as the
//! resolve stage chose them ([`crate::front`]).

use serde::Serialize;

use super::{Contexts, Summary};
use crate::permalink::folder_iri;

#[derive(Serialize)]
pub(in crate::render) struct FrontCtx<'a> {
    /// The lead story, shown large with its picture.
    lead: Option<Summary>,
    /// Its section's name, the lead's kicker («الخبر الرئيسي» without one).
    lead_section: Option<&'a str>,
    /// Breaking stories, newest first.
    breaking: Vec<Summary>,
    sections: Vec<SectionBlock<'a>>,
}

/// A section's latest stories on the front page.
#[derive(Serialize)]
struct SectionBlock<'a> {
    name: &'a str,
    url: String,
    items: Vec<Summary>,
}

impl Contexts<'_> {
    pub(super) fn front(&self) -> FrontCtx<'_> {
        let site = self.site;
        let front = &site.front;
        FrontCtx {
            lead: front.lead.map(|i| self.summary_of(i)),
            lead_section: front
                .lead
                .and_then(|i| site.section_of[i])
                .map(|s| site.sections[s].name.as_str()),
            breaking: front.breaking.iter().map(|&i| self.summary_of(i)).collect(),
            sections: front
                .sections
                .iter()
                .map(|(s, stories)| {
                    let section = &site.sections[*s];
                    SectionBlock {
                        name: &section.name,
                        url: folder_iri(&self.base_path, &section.slug),
                        items: stories.iter().map(|&i| self.summary_of(i)).collect(),
                    }
                })
                .collect(),
        }
    }
}
