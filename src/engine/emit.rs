//! Rendering pages into a [`Sink`], on every core: the one render loop of
//! `build`, `check` and `serve`.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Sink;
use crate::render::templates::Templates;
use crate::render::{render_page, Contexts, Job};
use crate::report::Diagnostic;
use crate::site::Site;

/// Jobs a worker claims at a time, at most. Workers take jobs in order, so an
/// article's four listings render close together (see [`crate::render::jobs`]);
/// claims this long keep the two cores apart, mostly in different folders
/// (two threads creating files in one folder take turns at its lock).
const CLAIM: usize = 64;
/// Progress is reported every this many jobs.
const PROGRESS_STEP: usize = 1024;

/// What to emit: pages of a resolved site, rendered with `templates`.
#[derive(Clone, Copy)]
pub(crate) struct Emission<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub jobs: &'a [Job],
    /// Pages the sink may keep from its last output. `None`: render every job.
    pub reuse: Option<Reuse<'a>>,
    /// Called with (jobs claimed, jobs) now and then.
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
}

/// The pages a sink may keep rather than have rendered again.
#[derive(Clone, Copy)]
pub(crate) struct Reuse<'a> {
    /// The output path of each job.
    pub paths: &'a [String],
    /// Whether job `n` is unchanged since the sink's last output (the
    /// build cache's verdict).
    pub unchanged: &'a (dyn Fn(usize) -> bool + Sync),
}

/// What an emission did.
#[derive(Debug, Default)]
pub(crate) struct Emitted {
    /// Pages rendered (the others were kept by the sink).
    pub rendered: usize,
    /// Pages that failed to render, in job order.
    pub failures: Vec<Diagnostic>,
}

/// Renders each job (or has the sink keep it) and hands the page to the
/// sink as soon as it is rendered, by the thread that rendered it. The
/// first error of the sink stops the emission and is returned.
pub(crate) fn emit(emission: &Emission, sink: &dyn Sink) -> io::Result<Emitted> {
    let Emission {
        site,
        templates,
        jobs,
        reuse,
        progress,
    } = *emission;
    if jobs.is_empty() {
        // The contexts' site-wide parts alone take milliseconds to make.
        return Ok(Emitted::default());
    }
    let contexts = Contexts::new(site);
    let next = AtomicUsize::new(0);
    let rendered = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let sink_error = Mutex::new(None);
    let one = |n: usize| -> io::Result<Option<Diagnostic>> {
        let job = &jobs[n];
        if let Some(reuse) = reuse {
            if (reuse.unchanged)(n) && sink.keep(&reuse.paths[n])? {
                return Ok(None);
            }
        }
        rendered.fetch_add(1, Ordering::Relaxed);
        match render_page(job, &contexts, templates) {
            Ok(page) => sink.page(page).map(|()| None),
            Err(d) => Ok(Some(d)),
        }
    };
    // Each worker claims the next few jobs until none are left, so no core
    // waits for the other.
    let threads = rayon::current_num_threads();
    // A few pages (a serve edit) are shared out one by one.
    let claim = (jobs.len() / (4 * threads)).clamp(1, CLAIM);
    let worker = || loop {
        let start = next.fetch_add(claim, Ordering::Relaxed);
        if start >= jobs.len() || lock(&sink_error).is_some() {
            break;
        }
        if let Some(progress) = progress {
            if start / PROGRESS_STEP != (start + claim) / PROGRESS_STEP {
                progress(start as u64, jobs.len() as u64);
            }
        }
        for n in start..(start + claim).min(jobs.len()) {
            match one(n) {
                Ok(None) => {}
                Ok(Some(d)) => lock(&failures).push((n, d)),
                Err(e) => {
                    lock(&sink_error).get_or_insert(e);
                    break;
                }
            }
        }
    };
    let workers = threads.min(jobs.len().div_ceil(claim));
    (0..workers).into_par_iter().for_each(|_| worker());
    free_in_background(contexts.into_made());
    if let Some(e) = sink_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort_by_key(|(n, _)| *n);
    Ok(Emitted {
        rendered: rendered.into_inner(),
        failures: failures.into_iter().map(|(_, d)| d).collect(),
    })
}

/// Drops `value` on a thread of its own. A large site is many small
/// allocations, and freeing them takes a while on one core; a process that
/// is about to exit does not wait for it.
pub(crate) fn free_in_background(value: impl Send + 'static) {
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}

/// The value behind `mutex`, whole even if a thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sink::{Collect, Discard};
    use crate::render::Page;

    fn site_of(n: usize) -> Site {
        let texts: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "خبر رقم {i}\nتاريخ النشر: 2024-03-{:02}\nنص الخبر {i}.\n",
                    1 + i % 28
                )
            })
            .collect();
        crate::resolve::site_from_raw(&texts, Default::default())
    }

    fn templates() -> Templates {
        let built = crate::render::templates::build_tera(&[], false, &Default::default());
        built.unwrap_or_else(|_| panic!("the default templates must build"))
    }

    /// A sink that fails on its `limit`th page.
    struct Failing {
        limit: usize,
        seen: AtomicUsize,
    }

    impl Sink for Failing {
        fn page(&self, _page: Page) -> io::Result<()> {
            if self.seen.fetch_add(1, Ordering::Relaxed) + 1 >= self.limit {
                return Err(io::Error::other("disk full"));
            }
            Ok(())
        }

        fn statics(&self, _files: &[crate::load::statics::StaticFile]) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_page_reaches_the_sink_once_and_a_kept_one_is_not_rendered() {
        let site = site_of(150);
        let templates = templates();
        let jobs = crate::render::jobs(&site);
        let collect = Collect::default();
        let emission = Emission {
            site: &site,
            templates: &templates,
            jobs: &jobs,
            reuse: None,
            progress: None,
        };
        let emitted = emit(&emission, &collect).unwrap();
        assert!(emitted.failures.is_empty());
        assert_eq!(emitted.rendered, jobs.len());
        let paths: Vec<String> = collect.into_pages().into_iter().map(|p| p.path).collect();
        let mut expected: Vec<String> = jobs.iter().map(|j| j.path(&site)).collect();
        expected.sort();
        assert_eq!(paths, expected);

        // The sink below keeps nothing: asked to, it renders after all.
        let every = |_: usize| true;
        let paths: Vec<String> = jobs.iter().map(|j| j.path(&site)).collect();
        let reuse = Reuse {
            paths: &paths,
            unchanged: &every,
        };
        let emission = Emission {
            reuse: Some(reuse),
            ..emission
        };
        assert_eq!(emit(&emission, &Discard).unwrap().rendered, jobs.len());
    }

    #[test]
    fn a_sink_error_stops_the_emission_and_is_returned() {
        let site = site_of(400);
        let templates = templates();
        let jobs = crate::render::jobs(&site);
        let sink = Failing {
            limit: 10,
            seen: AtomicUsize::new(0),
        };
        let emission = Emission {
            site: &site,
            templates: &templates,
            jobs: &jobs,
            reuse: None,
            progress: None,
        };
        let error = emit(&emission, &sink).unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        // Each worker stops at the end of its claim at the latest.
        let seen = sink.seen.into_inner();
        assert!(seen < jobs.len(), "{seen} of {}", jobs.len());
    }
}
