//! The hot stages on a synthetic 2,000-article site built in memory: parse
//! (raw and Markdown), resolve (read-also, archives, URLs) and render (every
//! page, nothing written). `cargo bench`; for whole builds beside Hugo see
//! `scripts/bench_build.py`.

use chrono::FixedOffset;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use sahifa::Config;
use sahifa::{Overrides, Settings};
use sahifa::{SourceFile, SourceKind};

const ARTICLES: usize = 2000;
const WORDS: [&str; 16] = [
    "الحكومة",
    "تعلن",
    "اتفاق",
    "جديد",
    "مع",
    "الأمم",
    "المتحدة",
    "بشأن",
    "الطاقة",
    "في",
    "المنطقة",
    "وزير",
    "الخارجية",
    "يبحث",
    "التعاون",
    "الاقتصادي",
];

fn title(i: usize) -> String {
    let mut words: Vec<&str> = (0..8)
        .map(|k| WORDS[(i * 7 + k * 3 + k * k) % WORDS.len()])
        .collect();
    words.push("رقم");
    format!("{} {i}", words.join(" "))
}

fn raw(i: usize) -> String {
    let paragraph = "وقال الوزير في مؤتمر صحفي إن الاتفاق سيوقع خلال الأيام المقبلة بحضور ممثلين عن الدول المعنية. ";
    let body: String = (0..6)
        .map(|_| format!("{}\n", paragraph.repeat(4)))
        .collect();
    format!(
        "{}\nتاريخ النشر: {}th, November 2025 GMT\nدمشق- {body}المصدر: وكالة\nإقرأ أيضاً:\n{}\n{}\n",
        title(i),
        i % 28 + 1,
        title((i + 17) % ARTICLES),
        title((i + 991) % ARTICLES).replace('ة', "ه"),
    )
}

fn markdown(i: usize) -> String {
    let paragraph = "وقال الوزير في مؤتمر صحفي إن **الاتفاق** سيوقع خلال الأيام المقبلة.";
    let body: String = (0..6).map(|_| format!("{paragraph}\n\n")).collect();
    format!(
        "+++\ntitle = \"{}\"\ndate = 2025-10-{:02}\nread_also = [\"{}\"]\n+++\n\n{body}",
        title(i),
        i % 28 + 1,
        title((i + 5) % ARTICLES),
    )
}

fn sources() -> Vec<SourceFile> {
    (0..ARTICLES)
        .map(|i| {
            let (kind, text, ext) = if i % 2 == 0 {
                (SourceKind::Raw, raw(i), "txt")
            } else {
                (SourceKind::Markdown, markdown(i), "md")
            };
            SourceFile {
                path: format!("content/{i}.{ext}").into(),
                id: format!("{i}.{ext}"),
                kind,
                text,
                modified: None,
            }
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let utc = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    let sources = sources();
    let overrides = Overrides {
        base_url: Some("https://example.org/".into()),
        ..Overrides::default()
    };
    let config = Settings::new(Config::default(), overrides).unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("2000 articles");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter_batched(
            || sources.clone(),
            |sources| sahifa::parse_all(sources, utc),
            BatchSize::LargeInput,
        )
    });
    let (articles, _) = sahifa::parse_all(sources, utc);
    group.bench_function("resolve", |b| {
        b.iter(|| sahifa::resolve(articles.clone(), config.clone()))
    });
    let (site, _) = sahifa::resolve(articles, config);
    let tera = sahifa::build_tera(&[], false, &site.settings).unwrap_or_else(|d| panic!("{d}"));
    group.bench_function("render", |b| b.iter(|| sahifa::render_site(&site, &tera)));
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
