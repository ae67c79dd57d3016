//! The static hosts' own files (`hosts` in `site.toml`): `_headers` and
//! `_redirects` for Netlify and Cloudflare Pages, `.nojekyll` and `CNAME`
//! for GitHub Pages.

use std::hash::Hash;

use super::PageKind;
use crate::config::Host;
use crate::render::publish;
use crate::render::signature::{ArticleHashes, Signer};
use crate::render::templates::Templates;
use crate::render::Contexts;
use crate::report::Diagnostic;
use crate::site::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostFile {
    Headers,
    Redirects,
    NoJekyll,
    Cname,
}

impl PageKind for HostFile {
    fn pages(site: &Site) -> Vec<Self> {
        let hosts = &site.settings.toml.hosts;
        let mut files = Vec::new();
        if hosts
            .iter()
            .any(|h| matches!(h, Host::Netlify | Host::Cloudflare))
        {
            files.extend([HostFile::Headers, HostFile::Redirects]);
        }
        if hosts.contains(&Host::Github) {
            files.push(HostFile::NoJekyll);
            if publish::cname(&site.settings).is_some() {
                files.push(HostFile::Cname);
            }
        }
        files
    }

    fn path(&self, _site: &Site) -> String {
        match self {
            HostFile::Headers => "_headers",
            HostFile::Redirects => "_redirects",
            HostFile::NoJekyll => ".nojekyll",
            HostFile::Cname => "CNAME",
        }
        .into()
    }

    fn template(&self) -> &'static str {
        "(host file)"
    }

    /// The old addresses, the fingerprinted names, the hosts and the
    /// site's address.
    fn sign(&self, site: &Site, h: &ArticleHashes, state: &mut Signer) {
        (*self as u8, &site.settings.toml.hosts).hash(state);
        site.settings.asset_paths.hash(state);
        site.settings.base_url.hash(state);
        for redirect in &site.redirects {
            (&redirect.file, h.link[redirect.to]).hash(state);
        }
    }

    fn render(&self, contexts: &Contexts, _tera: &Templates) -> Result<Vec<u8>, Diagnostic> {
        Ok(match self {
            HostFile::Headers => publish::headers_file(contexts),
            HostFile::Redirects => publish::redirects_file(contexts),
            HostFile::NoJekyll => String::new(),
            HostFile::Cname => publish::cname(&contexts.site.settings).unwrap_or_default(),
        }
        .into_bytes())
    }
}
