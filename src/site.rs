//! The resolved site: articles in order, their output paths, read-also links,
//! backlinks and date archives. Plain data, no I/O; built by [`crate::resolve`].

use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::TaxonomyKind;
use crate::content::{Article, Picture, ReadAlsoRef};
use crate::settings::Settings;

/// A page of `pages/` and the folder it is published in (`about`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlacedPage {
    pub page: crate::content::page::SitePage,
    pub folder: String,
}

/// An old address of an article, answered with a page that leads to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Redirect {
    /// The output file at the old address (`2019/05/old/index.html`).
    pub file: String,
    /// The article it leads to (an index into `articles`).
    pub to: usize,
    /// Written by the editor (`aliases`, «رابط قديم»), not remembered.
    pub alias: bool,
}

/// The page of `pages` a `[[footer]]` entry names: by its file's name
/// without the extension, or by its folder.
pub(crate) fn footer_page<'a>(pages: &'a [PlacedPage], name: &str) -> Option<&'a PlacedPage> {
    let name = name.trim().trim_matches('/');
    pages
        .iter()
        .find(|p| p.page.name() == name || p.folder == name)
}

/// A writer's profile with its photo processed.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Author {
    pub profile: crate::load::authors::Profile,
    pub photo: Option<Picture>,
}

/// The writers' profiles, found by the key bylines are grouped by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Authors {
    pub list: Vec<Author>,
    by_key: std::collections::HashMap<String, usize>,
}

impl Authors {
    /// `profiles` with `photos` (in the same order; missing ones are none).
    pub fn new(profiles: Vec<crate::load::authors::Profile>, photos: Vec<Option<Picture>>) -> Self {
        let mut photos = photos.into_iter();
        let list: Vec<Author> = profiles
            .into_iter()
            .map(|profile| Author {
                profile,
                photo: photos.next().flatten(),
            })
            .collect();
        let by_key = list
            .iter()
            .enumerate()
            .map(|(n, a)| (a.profile.key.clone(), n))
            .collect();
        Authors { list, by_key }
    }

    /// The profile of the writer whose term key is `key`.
    pub fn of(&self, key: &str) -> Option<&Author> {
        self.by_key.get(key).map(|&n| &self.list[n])
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A read-also reference after resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Links to `articles[target]` (shown with the target's own title).
    Resolved { target: usize },
    /// Shown as text with the first pasted paragraph, if any (the closest
    /// candidates are in the report).
    Unresolved {
        /// Boxed: few links are unresolved, and every link is the size of
        /// the largest kind.
        reference: Box<ReadAlsoRef>,
    },
}

/// Index positions into [`Site::articles`], newest first.
pub(crate) type Ids = Vec<usize>;

#[derive(Debug, Clone, Default)]
pub struct Day {
    pub date: NaiveDate,
    pub articles: Ids,
}

#[derive(Debug, Clone, Default)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub days: Vec<Day>,
    pub articles: Ids,
}

#[derive(Debug, Clone, Default)]
pub struct Year {
    pub year: i32,
    pub months: Vec<Month>,
    pub articles: Ids,
}

/// Everything rendering needs, and nothing it would have to read from disk.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    /// Newest first (date descending, then id).
    pub articles: Vec<Arc<Article>>,
    /// Each article's local publication day (in the site's time zone).
    pub days: Vec<NaiveDate>,
    /// Each article's output folder, e.g. `2025/11/11/slug` (decoded).
    pub paths: Vec<String>,
    pub read_also: Vec<Vec<Link>>,
    /// Articles whose read-also links point here, newest first.
    pub backlinks: Vec<Ids>,
    /// Related articles found from the text, best first (`related.rs`);
    /// each list empty until the pipeline finds them.
    pub related: Vec<Ids>,
    /// Years newest first; months and days newest first within them.
    pub years: Vec<Year>,
    /// Sections in masthead order, and each article's.
    pub sections: Vec<Group>,
    pub section_of: Vec<Option<usize>>,
    /// Taxonomies as configured, and each article's terms (taxonomy, term).
    pub taxonomies: Vec<Taxonomy>,
    pub terms_of: Vec<Vec<(usize, usize)>>,
    /// `default_image`, processed: the share preview of articles without one.
    pub default_picture: Option<Picture>,
    /// The writers' profiles (`data/authors`), set by the pipeline after
    /// resolve like `default_picture`.
    pub authors: Arc<Authors>,
    /// The site's own pages (`pages/`), each with its folder in the output.
    pub pages: Vec<PlacedPage>,
    /// Old addresses of articles, each leading to its article (set by the
    /// pipeline once every other page is placed: none shadows a page).
    pub redirects: Vec<Redirect>,
    /// The HTML of the site's own shortcodes, by article id and embed
    /// (`render::shortcodes`), set once the templates are loaded.
    pub user_embeds: Arc<std::collections::HashMap<String, Vec<String>>>,
    /// The front page's lead story, section blocks and breaking strip.
    pub front: Front,
    /// The search index's files (path, bytes), made on first use by
    /// `search::files_of`: page signatures and rendering share them.
    pub search_files: std::sync::OnceLock<Vec<(String, Vec<u8>)>>,
}

impl Site {
    /// The HTML of embed `n` of article `id`, a shortcode of the site's own.
    pub fn user_embed(&self, id: &str, n: usize) -> Option<&str> {
        self.user_embeds.get(id)?.get(n).map(String::as_str)
    }

    /// The day archives around day `(y, m, d)` of [`Site::years`]: the
    /// one before it (older) and the one after it (newer), across months
    /// and years.
    pub fn day_neighbours(
        &self,
        y: usize,
        m: usize,
        d: usize,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let years = &self.years;
        let newest_day = |month: &Month| month.days.first().map(|day| day.date);
        let oldest_day = |month: &Month| month.days.last().map(|day| day.date);
        let Some(month) = years.get(y).and_then(|year| year.months.get(m)) else {
            return (None, None);
        };
        let older = match month.days.get(d + 1) {
            Some(day) => Some(day.date),
            None => match years[y].months.get(m + 1) {
                Some(next) => newest_day(next),
                None => years
                    .get(y + 1)
                    .and_then(|year| year.months.first())
                    .and_then(newest_day),
            },
        };
        let newer = match d.checked_sub(1) {
            Some(before) => month.days.get(before).map(|day| day.date),
            None => match m.checked_sub(1) {
                Some(before) => oldest_day(&years[y].months[before]),
                None => y
                    .checked_sub(1)
                    .and_then(|before| years[before].months.last())
                    .and_then(oldest_day),
            },
        };
        (older, newer)
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The stories before and after article `i` in its section (in the
    /// whole site when it has none): (older, newer).
    pub fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let Some(s) = self.section_of[i] else {
            return ((i + 1 < self.len()).then_some(i + 1), i.checked_sub(1));
        };
        // A section's articles are in site order (newest first): ascending.
        let order = &self.sections[s].articles;
        match order.binary_search(&i) {
            Ok(at) => (
                order.get(at + 1).copied(),
                at.checked_sub(1).map(|n| order[n]),
            ),
            Err(_) => (None, None),
        }
    }

    /// Puts `article` in place of article `i` whose identity it keeps (see
    /// [`crate::content::Article::identity`]); what is made from the
    /// articles' text (the search index) is made again when next asked for.
    pub fn replace_article(&mut self, i: usize, article: Arc<Article>) {
        self.articles[i] = article;
        self.search_files = std::sync::OnceLock::new();
    }

    /// The index of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }
}

/// A section, or a term of a taxonomy: its name, its URL segment and its
/// articles, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    /// The section's key (`politics`), or the term's matching key.
    pub key: String,
    pub name: String,
    pub slug: String,
    pub articles: Ids,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    pub name: String,
    pub slug: String,
    /// Most articles first, then by name.
    pub terms: Vec<Group>,
}

/// What the front page shows above the list of latest stories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Front {
    /// The lead story: the newest marked `featured` among the latest
    /// `per_page` stories, else the newest story.
    pub lead: Option<usize>,
    /// Stories marked `breaking` published within `breaking_hours` of now,
    /// newest first.
    pub breaking: Vec<usize>,
    /// The next stories with pictures, under the lead (newest first).
    pub second: Vec<usize>,
    /// Per section (index into `Site::sections`, masthead order), its latest
    /// stories other than the lead and the second tier; sections with none
    /// are left out.
    pub sections: Vec<(usize, Vec<usize>)>,
    /// The tags the latest stories share most (terms of the tags taxonomy).
    pub topics: Vec<usize>,
}
