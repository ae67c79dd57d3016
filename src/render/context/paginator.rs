//! The paginator of a listing: numbered links around the current page.

use serde::Serialize;

use super::{Contexts, PAGER_WINDOW};
use crate::render::listing_url;

#[derive(Serialize)]
pub(in crate::render) struct PagerLink {
    pub label: String,
    pub url: Option<String>,
    pub current: bool,
}

#[derive(Serialize)]
pub(in crate::render) struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PagerLink>,
}

impl Contexts<'_> {
    pub(super) fn paginator(&self, base: &str, current: usize, total: usize) -> Paginator {
        let url = |n: usize| listing_url(&self.base_path, base, n);
        let mut pages = Vec::new();
        let mut gap = false;
        for n in 1..=total {
            let near = n.abs_diff(current) <= PAGER_WINDOW;
            if n == 1 || n == total || near {
                pages.push(PagerLink {
                    label: self.style.number(n),
                    url: Some(url(n)),
                    current: n == current,
                });
                gap = false;
            } else if !gap {
                pages.push(PagerLink {
                    label: "…".into(),
                    url: None,
                    current: false,
                });
                gap = true;
            }
        }
        Paginator {
            current,
            total,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total).then(|| url(current + 1)),
            pages,
        }
    }
}
