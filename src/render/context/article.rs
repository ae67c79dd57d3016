//! The article page's context (`article.html`): the article, its
//! read-also links and backlinks, its neighbours and its archive links.

use std::borrow::Cow;

use chrono::Datelike;
use serde::Serialize;
use tera::Context;

use super::{Contexts, Crumb, OpenGraph, DESCRIPTION_CHARS};
use crate::arabic::format::{weekday_name, without_weekday};
use crate::config::TaxonomyKind;
use crate::content::live::Live;
use crate::content::{truncate_words, Article};
use crate::permalink::{self, folder_iri, iri_component};
use crate::site::Link;

#[derive(Serialize)]
pub(in crate::render) struct LinkCtx<'a> {
    pub title: std::borrow::Cow<'a, str>,
    pub url: Option<String>,
    pub date_iso: Option<String>,
    pub date_human: Option<String>,
    pub excerpt: Option<String>,
}

/// A term an article is filed under (a tag …): its name, and its page.
#[derive(Serialize)]
pub(in crate::render) struct TermCtx<'a> {
    pub name: &'a str,
    pub url: Option<String>,
}

/// A story an article page lists (a backlink, a related story, its
/// neighbour) as the built-in theme shows it: what [`Summary`] holds
/// beyond these, the built-in theme does not print.
///
/// [`Summary`]: super::Summary
#[derive(Serialize)]
pub(in crate::render) struct ListedLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date_iso: &'a str,
    pub date_human: &'a str,
}

/// The article page's `page`; `L` is how it lists other stories: whole
/// summaries as template values (`Value`), or [`ListedLink`]s for the
/// built-in theme.
#[derive(Serialize)]
pub(in crate::render) struct ArticleCtx<'a, L> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: &'a str,
    pub date_iso: &'a str,
    pub date_human: &'a str,
    /// `date_human`'s parts: the weekday («الاثنين») and the date
    /// («23 يونيو 2025»), for a date line that puts the Hijri date between.
    pub weekday: &'static str,
    pub day_human: &'a str,
    /// The Umm al-Qura date ("20 جمادى الأولى 1447 هـ") when `hijri` is on.
    pub hijri_human: Option<String>,
    /// The time of day in the site's time zone ("9:56 مساءً"), when the source
    /// gave one.
    pub time_human: Option<String>,
    /// Dated after now: shown by `serve` only, marked.
    pub scheduled: bool,
    /// Published from the text pasted under another story's read-also
    /// title (`materialize_read_also`): marked, since it may be partial.
    pub pasted: bool,
    /// The last update, when there is one: ISO 8601 and as readers see it.
    pub updated_iso: Option<String>,
    pub updated_human: Option<String>,
    /// Its section (`name`, `url`), when it has one.
    pub section: Option<TermCtx<'a>>,
    /// الرئيسية › its section (or month): links, and as BreadcrumbList
    /// JSON-LD ending with the article.
    pub breadcrumbs: Vec<Crumb>,
    pub breadcrumb_json_ld: Option<String>,
    /// The dateline city and the source, each with `name` and, when the
    /// site has a page for it, `url`.
    pub city: Option<TermCtx<'a>>,
    pub source: Option<TermCtx<'a>>,
    /// Who wrote it, for the byline (empty when unsigned), in the
    /// article's order.
    pub authors: Vec<TermCtx<'a>>,
    /// The byline's word with its colon: as the article wrote it
    /// («كتبت:»), else the `byline` string; always the string when the
    /// site sets it (a house style).
    pub byline: Cow<'a, str>,
    pub tags: Vec<TermCtx<'a>>,
    /// The lead picture, shown above the body with caption and credit.
    pub picture: Option<super::picture::PictureCtx>,
    pub body_html: std::borrow::Cow<'a, str>,
    pub read_also: Vec<LinkCtx<'a>>,
    /// Each a [`super::Summary`], as [`Contexts::listed_summary`] shares it.
    pub backlinks: Vec<L>,
    /// Related stories found from the text (after the backlinks, in the
    /// same «أخبار ذات صلة» list; none of them a backlink or read-also).
    pub related: Vec<L>,
    /// The stories before and after it in its section (in the site when
    /// it has none).
    pub older: Option<L>,
    pub newer: Option<L>,
    /// Plain share links (no third-party script); none without an absolute
    /// `base_url`, since a shared link must work off the site.
    pub share: Option<ShareLinks>,
    pub day: Crumb,
    pub month: Crumb,
    pub year: Crumb,
    pub json_ld: String,
    /// The newsroom's own fields (`[extra]`): an empty table without any.
    pub extra: &'a serde_json::Value,
    /// «الأكثر قراءة» from the data file `most_read`: empty without one.
    pub most_read: &'a [super::NamedLink],
    /// Corrections published after the story, at its end.
    pub corrections: Vec<CorrectionCtx<'a>>,
    /// In an opinion section: the writer, leading the column.
    pub columnist: Option<super::Columnist>,
    /// Live coverage: its entries, newest first.
    pub live: Option<LiveCtx<'a>>,
    /// The pictures after the lead, each with its caption and credit.
    pub gallery: Vec<super::picture::PictureCtx>,
}

/// An article's live coverage as its page shows it.
#[derive(Serialize)]
pub(in crate::render) struct LiveCtx<'a> {
    /// Still going on: the «مباشر» label.
    pub on: bool,
    /// When it ended, once it has (ISO 8601 and as readers see it).
    pub end_iso: Option<String>,
    pub end_human: Option<String>,
    pub updates: Vec<LiveUpdateCtx<'a>>,
}

/// One entry of live coverage.
#[derive(Serialize)]
pub(in crate::render) struct LiveUpdateCtx<'a> {
    /// Its id on the page: a link to `#anchor` opens on it.
    pub anchor: &'a str,
    pub time_iso: String,
    /// The time of day ("2:35 مساءً"), and the date before it when the
    /// entry is of another day than the coverage's start.
    pub time_human: String,
    pub day_human: Option<String>,
    pub headline: Option<&'a str>,
    pub html: Cow<'a, str>,
}

/// A correction as the article's end shows it.
#[derive(Serialize)]
pub(in crate::render) struct CorrectionCtx<'a> {
    /// When it was made (ISO 8601 and as readers see it), when known.
    pub date_iso: Option<String>,
    pub date_human: Option<String>,
    pub text: &'a str,
}

/// What `page.extra` is for an article without fields of its own.
pub(in crate::render) static NO_EXTRA: std::sync::LazyLock<serde_json::Value> =
    std::sync::LazyLock::new(|| serde_json::Value::Object(serde_json::Map::new()));

/// Where a reader shares the article: each a plain link to the network's
/// own share page, with the title and permalink filled in.
#[derive(Serialize)]
pub(in crate::render) struct ShareLinks {
    pub whatsapp: String,
    pub x: String,
    pub facebook: String,
    pub telegram: String,
    /// The permalink itself, for the copy button.
    pub url: String,
}

impl ShareLinks {
    /// `permalink_iri` is the article's absolute URL as an IRI: Arabic as
    /// letters, so each share link carries the title and address in a third
    /// of the bytes percent-encoding would take (browsers encode on leaving).
    fn new(title: &str, permalink_iri: &str) -> ShareLinks {
        let (title, url) = (iri_component(title), iri_component(permalink_iri));
        // Joined, not `format!`ted: made for every article.
        let join = |parts: &[&str]| parts.concat();
        ShareLinks {
            whatsapp: join(&["https://wa.me/?text=", &title, "%20", &url]),
            x: join(&["https://x.com/intent/post?text=", &title, "&url=", &url]),
            facebook: join(&["https://www.facebook.com/sharer/sharer.php?u=", &url]),
            telegram: join(&["https://t.me/share/url?url=", &url, "&text=", &title]),
            url: permalink_iri.to_string(),
        }
    }
}

impl<'s> Contexts<'s> {
    /// Article `i`'s terms of one taxonomy, named as the site names them,
    /// with their pages; `names` as written (and no pages) when the site
    /// has no such taxonomy.
    fn terms<'b>(&'b self, i: usize, kind: TaxonomyKind, names: &'b [String]) -> Vec<TermCtx<'b>> {
        let site = self.site;
        let Some(t) = site.taxonomies.iter().position(|t| t.kind == kind) else {
            return names
                .iter()
                .map(|name| TermCtx { name, url: None })
                .collect();
        };
        let taxonomy = &site.taxonomies[t];
        site.terms_of[i]
            .iter()
            .filter(|(of, _)| *of == t)
            .map(|&(_, k)| {
                let term = &taxonomy.terms[k];
                TermCtx {
                    name: &term.name,
                    url: Some(folder_iri(
                        &self.base_path,
                        &format!("{}/{}", taxonomy.slug, term.slug),
                    )),
                }
            })
            .collect()
    }

    /// See [`ArticleCtx::byline`].
    fn byline<'b>(&'b self, article: &'b Article) -> Cow<'b, str> {
        let house_style = self.site.settings.toml.strings.contains_key("byline");
        match article.byline.as_deref() {
            Some(written) if !house_style => Cow::Owned(format!("{written}:")),
            _ => Cow::Borrowed(self.word("byline")),
        }
    }

    /// The time of day of `at` in the site's time zone, as readers see it.
    pub(in crate::render) fn local_time(
        &self,
        at: &chrono::DateTime<chrono::FixedOffset>,
    ) -> String {
        let local = self.site.settings.zone.localize(at);
        self.style.time(local.time())
    }

    /// "15 أبريل 2021، 10:05 صباحاً", or the day alone when no time was
    /// given.
    fn updated_human(&self, at: &chrono::DateTime<chrono::FixedOffset>, timed: bool) -> String {
        let day = self
            .style
            .day_month_year(self.site.settings.zone.localize(at).date_naive());
        if timed {
            format!(
                "{day}{}{}",
                self.word("date_time_joiner"),
                self.local_time(at)
            )
        } else {
            day
        }
    }

    /// Whether article `i` is live coverage still going on.
    pub(in crate::render) fn is_live(&self, i: usize) -> bool {
        let article = &self.site.articles[i];
        article
            .live
            .as_ref()
            .is_some_and(|live| live.is_on(article.date, self.last_day.now()))
    }

    fn live<'b>(&'b self, article: &'b Article, live: &'b Live) -> LiveCtx<'b> {
        let zone = &self.site.settings.zone;
        let start_day = zone.localize(&article.date).date_naive();
        let on = live.is_on(article.date, self.last_day.now());
        let ended = live.end.filter(|_| !on);
        LiveCtx {
            on,
            end_iso: ended.map(|end| end.to_rfc3339()),
            end_human: ended.map(|end| self.updated_human(&end, true)),
            updates: live
                .updates
                .iter()
                .map(|update| {
                    let day = zone.localize(&update.time).date_naive();
                    LiveUpdateCtx {
                        anchor: &update.anchor,
                        time_iso: update.time.to_rfc3339(),
                        time_human: self.local_time(&update.time),
                        day_human: (day != start_day).then(|| self.style.day_month_year(day)),
                        headline: update.headline.as_deref(),
                        html: self.dressed(article, Cow::Borrowed(&update.html)),
                    }
                })
                .collect(),
        }
    }

    pub(crate) fn article(&self, i: usize) -> Context {
        self.with_article(
            i,
            |n| self.listed_summary(n),
            |page, og, description| {
                let mut context = self.base();
                context.insert("page", page);
                context.insert("description", description);
                context.insert("og", og);
                context
            },
        )
    }

    /// Article `i` as it is shown to readers ([`ListedLink`]s for the
    /// stories it lists).
    pub(in crate::render) fn listed_link(&self, i: usize) -> ListedLink<'_> {
        let parts = self.link_parts(i);
        ListedLink {
            title: &self.site.articles[i].title,
            url: &parts.url,
            date_iso: &parts.date_iso,
            date_human: &parts.date_human,
        }
    }

    /// Article `i`'s page, its Open Graph data and description, handed to
    /// `then`; `listed` makes what it shows of another story.
    pub(in crate::render) fn with_article<L, R>(
        &self,
        i: usize,
        listed: impl Fn(usize) -> L,
        then: impl FnOnce(&ArticleCtx<'_, L>, &OpenGraph<'_>, &str) -> R,
    ) -> R {
        let site = self.site;
        let article = &site.articles[i];
        let summary = self.summary_of(i);
        let day = site.days[i];
        let section = site.section_of[i].map(|s| {
            let section = &site.sections[s];
            (
                section.name.as_str(),
                folder_iri(&self.base_path, &section.slug),
            )
        });
        // الرئيسية › its section, or › the month it is filed under.
        let breadcrumbs = vec![
            Crumb {
                label: self.text("home"),
                url: self.base_path.clone(),
            },
            match &section {
                Some((name, url)) => Crumb {
                    label: name.to_string(),
                    url: url.clone(),
                },
                None => Crumb {
                    label: self.style.month_year(day.year(), day.month()),
                    url: folder_iri(
                        &self.base_path,
                        &permalink::month_path(day.year(), day.month()),
                    ),
                },
            },
        ];
        let (older, newer) = site.neighbours(i);
        let page = ArticleCtx {
            title: &article.title,
            url: &summary.url,
            permalink: &summary.permalink,
            date_iso: &summary.date_iso,
            date_human: &summary.date_human,
            weekday: weekday_name(day.weekday()),
            day_human: without_weekday(&summary.date_human),
            hijri_human: site
                .settings
                .toml
                .hijri
                .then(|| {
                    self.style
                        .hijri(site.days[i], site.settings.toml.hijri_adjust)
                })
                .flatten(),
            time_human: article.timed.then(|| self.local_time(&article.date)),
            scheduled: site
                .settings
                .mark_scheduled_after
                .is_some_and(|now| article.date > now),
            pasted: article.pasted,
            updated_iso: article.updated.map(|u| u.to_rfc3339()),
            updated_human: article
                .updated
                .map(|u| self.updated_human(&u, article.updated_timed)),
            section: section.as_ref().map(|(name, url)| TermCtx {
                name,
                url: Some(url.clone()),
            }),
            breadcrumb_json_ld: Some(self.breadcrumb_json_ld(
                &breadcrumbs,
                &article.title,
                &summary.permalink,
            )),
            breadcrumbs,
            city: self
                .terms(i, TaxonomyKind::Cities, article.city.as_slice())
                .pop(),
            source: self
                .terms(i, TaxonomyKind::Sources, article.source.as_slice())
                .pop(),
            authors: self.terms(i, TaxonomyKind::Authors, &article.authors),
            byline: self.byline(article),
            tags: self.terms(i, TaxonomyKind::Tags, &article.tags),
            picture: self.lead_picture(article),
            body_html: self.page_body_html(article),
            columnist: self.columnist(i),
            live: article.live.as_deref().map(|live| self.live(article, live)),
            gallery: article
                .gallery
                .iter()
                .filter_map(|shot| {
                    Some(self.picture_ctx(shot.picture.as_ref()?, Some(&shot.image)))
                })
                .collect(),
            corrections: article
                .corrections
                .iter()
                .map(|c| CorrectionCtx {
                    date_iso: c.date.map(|d| d.to_rfc3339()),
                    date_human: c.date.map(|d| self.updated_human(&d, true)),
                    text: &c.text,
                })
                .collect(),
            read_also: site.read_also[i]
                .iter()
                .filter(|l| {
                    matches!(l, Link::Resolved { .. }) || site.settings.show_unresolved_read_also
                })
                .map(|l| self.link(l))
                .collect(),
            backlinks: site.backlinks[i].iter().map(|&b| listed(b)).collect(),
            related: site.related[i].iter().map(|&r| listed(r)).collect(),
            older: older.map(&listed),
            newer: newer.map(&listed),
            share: site
                .settings
                .has_absolute_base()
                .then(|| ShareLinks::new(&article.title, &self.absolute(&summary.url))),
            day: Crumb {
                label: self.style.day_month_year(day),
                url: folder_iri(&self.base_path, &permalink::day_path(day)),
            },
            month: Crumb {
                label: self.style.month_year(day.year(), day.month()),
                url: folder_iri(
                    &self.base_path,
                    &permalink::month_path(day.year(), day.month()),
                ),
            },
            year: Crumb {
                label: self.style.number(day.year()),
                url: folder_iri(&self.base_path, &permalink::year_path(day.year())),
            },
            json_ld: self.json_ld(
                article,
                &summary,
                section.as_ref().map(|(name, _)| *name),
                self.is_column(i),
            ),
            extra: article.extra.as_deref().unwrap_or(&NO_EXTRA),
            most_read: self.most_read(),
        };
        let modified = article.updated.map(|u| u.to_rfc3339());
        let og = OpenGraph {
            published: Some(&summary.date_iso),
            modified: Some(modified.unwrap_or_else(|| summary.date_iso.clone())),
            image: self.share_image(Some(article)),
            ..self.open_graph(
                "article",
                &article.title,
                &summary.permalink,
                &summary.summary,
            )
        };
        then(&page, &og, &summary.summary)
    }

    fn link<'b>(&'b self, link: &'b Link) -> LinkCtx<'b> {
        match link {
            // A link shows no description, picture or absolute address: a
            // whole summary would make them for nothing.
            &Link::Resolved { target, .. } => LinkCtx {
                title: self.site.articles[target].title.as_str().into(),
                url: Some(self.url_of(target)),
                date_iso: Some(self.date_iso_of(target)),
                date_human: Some(self.date_human_of(target)),
                excerpt: None,
            },
            Link::Unresolved { reference, .. } => LinkCtx {
                title: reference.title.as_str().into(),
                url: None,
                date_iso: None,
                date_human: None,
                excerpt: reference
                    .excerpt
                    .first()
                    .map(|p| truncate_words(p, DESCRIPTION_CHARS)),
            },
        }
    }
}
