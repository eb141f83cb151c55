//! Reads title, byline, date and the rest from what the page says about
//! itself: JSON-LD first, then `<meta>` tags, then the document itself.
//!
//! JSON-LD wins because publishers fill it for search engines, so it is the
//! most carefully kept and the least decorated (no "| Site name" suffixes,
//! authors as a list). The URL is the exception: canonical links and og:url
//! are always absolute, while JSON-LD urls are sometimes relative.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use chrono::{DateTime, Utc};

use crate::article::date::{self, to_iso};
use crate::article::model::Metadata;
use crate::article::normalize::normalize_inline;

use super::title::headline;

/// Schema.org types whose fields describe the article itself, not the site,
/// an image or a breadcrumb.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
];

/// How deep a JSON-LD value is followed through lists and references.
const MAX_NESTING: usize = 8;

const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "title",
    "sailthru.title",
    "dc.title",
];
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
];
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "datecreated",
    "parsely-pub-date",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date.created",
    "dc.date",
    "publication_date",
    "pdate",
    "date",
];

/// `<time>` elements that say they are the publication time, then any
/// `<time>` in the article, then any at all, never one marked as an update.
const TIME_SELECTORS: &[&str] = &[
    "time[pubdate][datetime], time.published[datetime], time.entry-date[datetime]",
    "article time[datetime]:not(.updated):not(.modified), main time[datetime]:not(.updated):not(.modified)",
    "time[datetime]:not(.updated):not(.modified)",
];
const SECTION_KEYS: &[&str] = &[
    "article:section",
    "section",
    "parsely-section",
    "og:section",
];
const SITE_KEYS: &[&str] = &[
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
];

/// What the page says about itself, and what a person should know about how it was
/// read (a date that was there but could not be the publication date).
pub fn extract_metadata(document: &Html) -> (Metadata, Vec<String>) {
    extract_metadata_at(document, date::now())
}

fn extract_metadata_at(document: &Html, now: DateTime<Utc>) -> (Metadata, Vec<String>) {
    let meta = MetaTags::read(document);
    let linked = LinkedData::read(document);
    let page_url = canonical_link(document)
        .into_iter()
        .chain(meta.get("og:url"))
        .find(|url| looks_like_url(url));
    let article = linked.article(page_url.as_deref());

    let mut byline = article
        .map(|a| linked.names(a.get("author")))
        .unwrap_or_default();
    if byline.is_empty() {
        byline = AUTHOR_KEYS
            .iter()
            .filter_map(|key| meta.get(key))
            .find(|value| !looks_like_url(value))
            .map(|value| split_byline(&value))
            .unwrap_or_default();
    }
    dedup_ignoring_case(&mut byline);

    let date_candidates: Vec<(String, String)> = article
        .and_then(|a| linked.text(a.get("datePublished")))
        .map(|raw| ("json-ld".to_string(), raw))
        .into_iter()
        .chain(
            linked
                .claim_review()
                .and_then(|review| linked.text(review.get("datePublished")))
                .map(|raw| ("json-ld:ClaimReview".to_string(), raw)),
        )
        .chain(
            DATE_KEYS
                .iter()
                .filter_map(|key| Some((format!("meta:{key}"), meta.get(key)?))),
        )
        .chain(TIME_SELECTORS.iter().filter_map(|selector| {
            select(document, selector)
                .into_iter()
                .find_map(|time| time.attr("datetime").map(normalize_inline))
                .filter(|value| !value.is_empty())
                .map(|raw| ("time-element".to_string(), raw))
        }))
        .collect();
    let mut warnings = Vec::new();
    let (date, date_raw, date_source) = choose_date(&date_candidates, now, &mut warnings);

    let section = article
        .and_then(|a| linked.text(a.get("articleSection")))
        .or_else(|| meta.first(SECTION_KEYS));
    let site = article
        .and_then(|a| a.get("publisher"))
        .and_then(|publisher| linked.names(Some(publisher)).into_iter().next())
        .or_else(|| meta.first(SITE_KEYS));

    let url = page_url.or_else(|| {
        article
            .and_then(|a| linked.text(a.get("url")))
            .filter(|url| looks_like_url(url))
    });

    let titles: Vec<String> = article
        .and_then(|a| linked.text(a.get("headline")))
        .into_iter()
        .chain(TITLE_KEYS.iter().filter_map(|key| meta.get(key)))
        .chain(first_text(document, "title"))
        .collect();
    let h1s: Vec<String> = select(document, "h1")
        .into_iter()
        .map(|h1| normalize_inline(&h1.text().collect::<String>()))
        .filter(|text| !text.is_empty())
        .collect();
    let title = headline(&titles, &h1s, site.as_deref(), url.as_deref());

    let language = html_lang(document)
        .or_else(|| article.and_then(|a| linked.text(a.get("inLanguage"))))
        .or_else(|| meta.get("content-language"))
        .or_else(|| meta.get("og:locale").map(|locale| locale.replace('_', "-")));

    let metadata = Metadata {
        title,
        byline,
        date,
        date_raw,
        date_source,
        section,
        site,
        url,
        language,
        ..Metadata::default()
    };
    (metadata, warnings)
}

/// The first of `candidates` (source, raw text) that reads as a date and could be the
/// publication date, as (ISO date, raw text, source). A placeholder is passed over with
/// a warning, since a page that fills its JSON-LD with the epoch often has the real date
/// in a meta tag. When none reads as a date, the first that does not is kept raw, for a
/// person to read.
fn choose_date(
    candidates: &[(String, String)],
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> (Option<String>, Option<String>, Option<String>) {
    let mut unreadable = None;
    let mut refused: Vec<&str> = Vec::new();
    for (source, raw) in candidates {
        let Some(iso) = to_iso(raw).map(|iso| normalize_inline(&iso)) else {
            unreadable.get_or_insert((source, raw));
            continue;
        };
        if let Some(why) = date::placeholder(&iso, now) {
            if !refused.contains(&raw.as_str()) {
                refused.push(raw);
                warnings.push(date::refused(raw, source, why));
            }
            continue;
        }
        return (Some(iso), Some(raw.clone()), Some(source.clone()));
    }
    match unreadable {
        Some((source, raw)) => (None, Some(raw.clone()), Some(source.clone())),
        None => (None, None, None),
    }
}

/// `<meta>` values by lower-cased `property`, `name`, `itemprop` or
/// `http-equiv`, first non-empty one wins. Microdata dates on `<time>` are
/// included because some pages put `datePublished` only there.
struct MetaTags(HashMap<String, String>);

impl MetaTags {
    fn read(document: &Html) -> MetaTags {
        let mut map = HashMap::new();
        for element in select(document, "meta[content], [itemprop][datetime]") {
            let value = element.attr("content").or_else(|| element.attr("datetime"));
            let Some(value) = value.map(normalize_inline).filter(|v| !v.is_empty()) else {
                continue;
            };
            // itemprop and property may each hold several space-separated names.
            for attribute in ["property", "name", "itemprop", "http-equiv"] {
                let keys = element
                    .attr(attribute)
                    .into_iter()
                    .flat_map(str::split_whitespace);
                for key in keys {
                    map.entry(key.to_ascii_lowercase())
                        .or_insert_with(|| value.clone());
                }
            }
        }
        MetaTags(map)
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.get(key))
    }
}

/// Every JSON-LD node on the page, with `@graph` and arrays flattened and
/// `@id` references resolvable (Yoast and similar write authors and
/// publishers as references to other nodes of the graph).
struct LinkedData {
    nodes: Vec<Value>,
    by_id: HashMap<String, usize>,
}

impl LinkedData {
    fn read(document: &Html) -> LinkedData {
        let mut nodes = Vec::new();
        for script in select(document, r#"script[type="application/ld+json"]"#) {
            let text: String = script.text().collect();
            if let Some(value) = parse_json_ld(&text) {
                flatten(value, &mut nodes);
            }
        }
        // The first full definition of an id wins; a bare `{"@id": ...}`
        // reference must not shadow the node it points to.
        let mut by_id = HashMap::new();
        for (index, node) in nodes.iter().enumerate() {
            let is_definition = node.as_object().is_some_and(|object| object.len() > 1);
            if let Some(id) = node.get("@id").and_then(Value::as_str)
                && is_definition
            {
                by_id.entry(id.to_string()).or_insert(index);
            }
        }
        LinkedData { nodes, by_id }
    }

    /// The article node describing this page: the one whose URL is the
    /// page's when several are given (a list of related stories), else the first.
    fn article(&self, page_url: Option<&str>) -> Option<&Value> {
        let mut articles = self.nodes.iter().filter(|node| is_article(node));
        let first = articles.clone().next();
        let Some(page_url) = page_url.map(comparable_url) else {
            return first;
        };
        articles
            .find(|node| {
                ["url", "mainEntityOfPage", "@id"].iter().any(|key| {
                    let value = node.get(*key);
                    let url = value
                        .and_then(Value::as_str)
                        .or_else(|| value.and_then(|v| v.get("@id")).and_then(Value::as_str));
                    url.is_some_and(|url| comparable_url(url) == page_url)
                })
            })
            .or(first)
    }

    /// The page's fact check: not an article type (its fields describe the claim
    /// checked, not the page), but its `datePublished` dates the page.
    fn claim_review(&self) -> Option<&Value> {
        self.nodes
            .iter()
            .find(|node| has_type(node, &["ClaimReview"]))
    }

    /// Follows an `{"@id": ...}` reference to the node it names, when the
    /// page defines it.
    fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        let is_reference = value.as_object().is_some_and(|object| {
            object.contains_key("@id") && !object.contains_key("name") && object.len() <= 2
        });
        if is_reference && let Some(index) = value["@id"].as_str().and_then(|id| self.by_id.get(id))
        {
            return &self.nodes[*index];
        }
        value
    }

    /// A scalar value as text; for a list, its first usable element.
    fn text(&self, value: Option<&Value>) -> Option<String> {
        self.text_within(value, MAX_NESTING)
    }

    /// `depth` bounds the walk: references can form cycles.
    fn text_within(&self, value: Option<&Value>, depth: usize) -> Option<String> {
        let depth = depth.checked_sub(1)?;
        match self.resolve(value?) {
            Value::String(text) => Some(clean(text)).filter(|t| !t.is_empty()),
            Value::Number(number) => Some(number.to_string()),
            Value::Array(items) => items
                .iter()
                .find_map(|item| self.text_within(Some(item), depth)),
            Value::Object(object) => {
                let inner = object.get("name").or_else(|| object.get("@value"));
                self.text_within(inner, depth)
            }
            _ => None,
        }
    }

    /// People or organisations named by a string, an object with a name, a
    /// reference, or a list of any of those.
    fn names(&self, value: Option<&Value>) -> Vec<String> {
        let Some(value) = value else {
            return Vec::new();
        };
        match self.resolve(value) {
            Value::String(text) if !looks_like_url(text) => split_byline(&clean(text)),
            Value::Array(items) => items
                .iter()
                .flat_map(|item| self.names(Some(item)))
                .collect(),
            Value::Object(object) => object
                .get("name")
                .and_then(Value::as_str)
                .map(clean)
                .filter(|name| !name.is_empty())
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Parses one JSON-LD script, tolerating the wrappers and raw line breaks
/// inside strings that real pages contain.
fn parse_json_ld(text: &str) -> Option<Value> {
    let mut text = text.trim();
    for wrapper in ["<!--", "//<![CDATA[", "<![CDATA["] {
        text = text.strip_prefix(wrapper).unwrap_or(text).trim();
    }
    for wrapper in ["-->", "//]]>", "]]>"] {
        text = text.strip_suffix(wrapper).unwrap_or(text).trim();
    }
    serde_json::from_str(text).ok().or_else(|| {
        let flattened: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&flattened).ok()
    })
}

/// Collects the nodes of a JSON-LD value: the value itself, the members of
/// `@graph`, and a WebPage's `mainEntity` (where some sites put the article).
fn flatten(value: Value, nodes: &mut Vec<Value>) {
    match value {
        Value::Array(items) => {
            for item in items {
                flatten(item, nodes);
            }
        }
        Value::Object(mut object) => {
            if let Some(graph) = object.remove("@graph") {
                flatten(graph, nodes);
            }
            if let Some(entity) = object.get("mainEntity").filter(|entity| entity.is_object()) {
                flatten(entity.clone(), nodes);
            }
            if !object.is_empty() {
                nodes.push(Value::Object(object));
            }
        }
        _ => {}
    }
}

fn is_article(node: &Value) -> bool {
    has_type(node, ARTICLE_TYPES)
}

fn has_type(node: &Value, wanted: &[&str]) -> bool {
    let is_wanted = |value: &Value| {
        value
            .as_str()
            .is_some_and(|name| wanted.contains(&name.trim_start_matches("schema:")))
    };
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is_wanted),
        Some(value) => is_wanted(value),
        None => false,
    }
}

/// JSON-LD text is sometimes written HTML-escaped, with any of HTML's named
/// references (`&eacute;`, `&frac12;`); meta attributes are already unescaped by
/// the parser.
fn clean(text: &str) -> String {
    normalize_inline(&html_escape::decode_html_entities(text))
}

/// "By Jane Roe and John Doe" → ["Jane Roe", "John Doe"]. A comma alone
/// does not split, since "Jill Roe, BBC News" names one person and where
/// she works; it does in a list that also has "and" ("A, B and C").
fn split_byline(text: &str) -> Vec<String> {
    let mut text = text.trim();
    for prefix in [
        "analysis by ",
        "opinion by ",
        "story by ",
        "written by ",
        "by ",
    ] {
        if text.len() > prefix.len()
            && text.is_char_boundary(prefix.len())
            && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            text = text[prefix.len()..].trim();
            break;
        }
    }
    if text.is_empty() {
        return Vec::new();
    }
    let is_list = text.contains(" and ") || text.contains('&') || text.contains(';');
    let separators: &[char] = if is_list { &[',', ';', '&'] } else { &[] };
    let parts: Vec<&str> = text
        .split(separators)
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() > 1 && parts.iter().all(|part| part.contains(' ')) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        vec![text.to_string()]
    }
}

fn dedup_ignoring_case(names: &mut Vec<String>) {
    let mut seen = Vec::new();
    names.retain(|name| {
        let key = name.to_lowercase();
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

/// A URL without scheme, query, fragment or trailing slash, for comparison.
fn comparable_url(url: &str) -> &str {
    let url = url.trim();
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.trim_end_matches('/')
}

fn looks_like_url(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("http://") || text.starts_with("https://")
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(selector) {
        Ok(selector) => document.select(&selector).collect(),
        Err(_) => Vec::new(),
    }
}

fn first_text(document: &Html, selector: &str) -> Option<String> {
    select(document, selector)
        .into_iter()
        .map(|element| normalize_inline(&element.text().collect::<String>()))
        .find(|text| !text.is_empty())
}

fn canonical_link(document: &Html) -> Option<String> {
    select(document, "link[rel][href]")
        .into_iter()
        .find(|link| {
            link.attr("rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|link| link.attr("href"))
        .map(normalize_inline)
}

fn html_lang(document: &Html) -> Option<String> {
    document
        .root_element()
        .attr("lang")
        .or_else(|| document.root_element().attr("xml:lang"))
        .map(normalize_inline)
        .filter(|lang| !lang.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(html: &str) -> Metadata {
        dated(html).0
    }

    /// The page's metadata and warnings, read on 4 December 2026 at 21:00 UTC.
    fn dated(html: &str) -> (Metadata, Vec<String>) {
        let now = DateTime::parse_from_rfc3339("2026-12-04T21:00:00Z").unwrap();
        extract_metadata_at(&Html::parse_document(html), now.with_timezone(&Utc))
    }

    fn json_ld(kind: &str, date: &str) -> String {
        format!(
            r#"<script type="application/ld+json">
            {{"@context": "https://schema.org", "@type": "{kind}",
              "headline": "Pier repairs begin", "datePublished": "{date}"}}
            </script>"#
        )
    }

    fn date_and_source(meta: &Metadata) -> (Option<&str>, Option<&str>) {
        (meta.date.as_deref(), meta.date_source.as_deref())
    }

    #[test]
    fn each_article_type_of_json_ld_gives_its_date_and_says_so() {
        for kind in [
            "NewsArticle",
            "ReportageNewsArticle",
            "Article",
            "BlogPosting",
        ] {
            let page = format!(
                r#"{}<meta property="article:published_time" content="2020-01-02">"#,
                json_ld(kind, "2024-06-07T08:09:10+02:00")
            );
            let meta = metadata(&page);
            assert_eq!(
                date_and_source(&meta),
                (Some("2024-06-07T08:09:10+02:00"), Some("json-ld")),
                "{kind}"
            );
        }
    }

    #[test]
    fn a_claim_review_gives_the_date_of_a_fact_check() {
        let page = r#"<script type="application/ld+json">
            {"@context": "https://schema.org", "@type": "ClaimReview",
             "claimReviewed": "The pier is closing for good",
             "author": {"@type": "Organization", "name": "Check Desk"},
             "reviewRating": {"@type": "Rating", "alternateName": "False"},
             "datePublished": "2025-03-04"}
            </script><time datetime="2019-01-01">old</time>"#;
        let meta = metadata(page);
        assert_eq!(
            date_and_source(&meta),
            (Some("2025-03-04"), Some("json-ld:ClaimReview"))
        );
    }

    #[test]
    fn meta_and_time_elements_say_where_the_date_came_from() {
        let meta = metadata(
            r#"<meta property="article:published_time" content="2023-04-05T06:07:08Z">
               <time datetime="2019-01-01">old</time>"#,
        );
        assert_eq!(
            date_and_source(&meta),
            (
                Some("2023-04-05T06:07:08Z"),
                Some("meta:article:published_time")
            )
        );
        let meta = metadata(r#"<article><time datetime="2022-02-03">3 Feb</time></article>"#);
        assert_eq!(
            date_and_source(&meta),
            (Some("2022-02-03"), Some("time-element"))
        );
    }

    #[test]
    fn placeholder_dates_are_refused_with_a_warning() {
        for placeholder in [
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T19:00:00-05:00",
            "2026-12-09",
        ] {
            let (meta, warnings) = dated(&json_ld("NewsArticle", placeholder));
            assert_eq!(meta.date, None, "{placeholder}");
            assert_eq!(meta.date_raw, None, "{placeholder} is not the page's date");
            assert_eq!(meta.date_source, None);
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(
                warnings[0].contains(placeholder) && warnings[0].contains("json-ld"),
                "{warnings:?}"
            );
        }
        let (meta, warnings) = dated(&json_ld("NewsArticle", "2026-12-05"));
        assert_eq!(
            meta.date.as_deref(),
            Some("2026-12-05"),
            "tomorrow is allowed"
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn past_a_placeholder_the_next_source_is_used() {
        let page = format!(
            r#"{}<meta property="article:published_time" content="1970-01-01T00:00:00Z">
               <time datetime="2021-10-11T12:13:14+01:00">11 October</time>"#,
            json_ld("NewsArticle", "0001-01-01T00:00:00")
        );
        let (meta, warnings) = dated(&page);
        assert_eq!(
            date_and_source(&meta),
            (Some("2021-10-11T12:13:14+01:00"), Some("time-element"))
        );
        assert_eq!(meta.date_raw.as_deref(), Some("2021-10-11T12:13:14+01:00"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn json_ld_graph_with_references_and_author_list() {
        let html = r#"<html lang="en-GB"><head>
            <meta property="og:title" content="Loser title | Site">
            <script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "@id": "https://example.org/#site", "name": "Example Site"},
              {"@type": "Organization", "@id": "https://example.org/#org", "name": "Example Media"},
              {"@type": "Person", "@id": "https://example.org/#ann", "name": "Ann Author"},
              {"@type": ["NewsArticle"], "headline": "Caf&eacute; ferry resumes &amp; fares fall by &frac12;&#8201;&#x2014;",
               "author": [{"@id": "https://example.org/#ann"}, {"@type": "Person", "name": "Bob Writer"}, "Cy Reporter"],
               "datePublished": "2024-03-05T09:30:00+01:00",
               "articleSection": ["Local", "Transport"],
               "publisher": {"@id": "https://example.org/#org"},
               "inLanguage": "en",
               "url": "https://example.org/ferry"}
            ]}
            </script></head><body><p>Text.</p></body></html>"#;
        let meta = metadata(html);
        assert_eq!(
            meta.title.as_deref(),
            Some("Café ferry resumes & fares fall by ½\u{2009}—")
        );
        assert_eq!(meta.byline, ["Ann Author", "Bob Writer", "Cy Reporter"]);
        assert_eq!(meta.date.as_deref(), Some("2024-03-05T09:30:00+01:00"));
        assert_eq!(meta.date_raw.as_deref(), Some("2024-03-05T09:30:00+01:00"));
        assert_eq!(meta.section.as_deref(), Some("Local"));
        assert_eq!(meta.site.as_deref(), Some("Example Media"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/ferry"));
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn json_ld_in_a_top_level_array_with_a_single_author_object() {
        let html = r#"<script type="application/ld+json">
            [{"@type": "BreadcrumbList", "name": "Crumbs"},
             {"@type": "BlogPosting", "headline": "Notes from the allotment",
              "author": {"@type": "Person", "name": "Dee Gardener"},
              "datePublished": "2023-07-01"}]
            </script>"#;
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("Notes from the allotment"));
        assert_eq!(meta.byline, ["Dee Gardener"]);
        assert_eq!(meta.date.as_deref(), Some("2023-07-01"));
    }

    #[test]
    fn the_article_for_this_page_beats_related_ones() {
        let html = r#"<link rel="canonical" href="https://example.org/news/ferry/">
            <script type="application/ld+json">
            [{"@type": "NewsArticle", "headline": "Related story", "url": "https://example.org/news/other"},
             {"@type": "NewsArticle", "headline": "Ferry story",
              "mainEntityOfPage": {"@type": "WebPage", "@id": "http://example.org/news/ferry?ref=x"}}]
            </script>"#;
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("Ferry story"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/news/ferry/"));
    }

    #[test]
    fn article_as_main_entity_of_a_web_page() {
        let html = r##"<script type="application/ld+json">
            {"@type": "WebPage", "name": "Page name",
             "mainEntity": {"@type": "ReportageNewsArticle", "headline": "Flood waters recede",
                            "author": {"@id": "#eve"}, "datePublished": "2022-09-30T18:00:00-04:00"}}
            </script>
            <script type="application/ld+json">
            {"@graph": [{"@type": "Person", "@id": "#eve", "name": "Eve Field"},
                        {"@type": "WebPage", "mainEntity": {"@id": "#eve"}}]}
            </script>"##;
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("Flood waters recede"));
        assert_eq!(meta.byline, ["Eve Field"]);
        assert_eq!(meta.date.as_deref(), Some("2022-09-30T18:00:00-04:00"));
    }

    #[test]
    fn meta_tags_fill_in_without_json_ld() {
        let html = r#"<html lang="fr"><head>
            <title>Page title - Le Site</title>
            <meta property="og:title" content="Le marché rouvre">
            <meta name="author" content="By Jeanne Martin and Paul Durand">
            <meta property="article:author" content="https://facebook.com/someone">
            <meta property="article:published_time" content="Mon, 18 Nov 2019 16:07:38 -0600">
            <meta property="article:section" content="Économie">
            <meta property="og:site_name" content="Le Site">
            <meta property="og:url" content="https://example.fr/marche">
            <link rel="canonical" href="https://example.fr/marche-canonique">
            </head><body></body></html>"#;
        let meta = metadata(html);
        assert_eq!(meta.title.as_deref(), Some("Le marché rouvre"));
        assert_eq!(meta.byline, ["Jeanne Martin", "Paul Durand"]);
        assert_eq!(meta.date.as_deref(), Some("2019-11-18T16:07:38-06:00"));
        assert_eq!(
            meta.date_raw.as_deref(),
            Some("Mon, 18 Nov 2019 16:07:38 -0600")
        );
        assert_eq!(meta.section.as_deref(), Some("Économie"));
        assert_eq!(meta.site.as_deref(), Some("Le Site"));
        assert_eq!(
            meta.url.as_deref(),
            Some("https://example.fr/marche-canonique")
        );
        assert_eq!(meta.language.as_deref(), Some("fr"));
    }

    #[test]
    fn unparsable_date_is_kept_raw() {
        let meta = metadata(r#"<meta property="article:published_time" content="sometime soon">"#);
        assert_eq!(meta.date, None);
        assert_eq!(meta.date_raw.as_deref(), Some("sometime soon"));
    }

    #[test]
    fn title_tag_is_the_last_resort() {
        let meta = metadata("<html><head><title> Plain\n title </title></head></html>");
        assert_eq!(meta.title.as_deref(), Some("Plain title"));
        assert!(meta.byline.is_empty());
        assert_eq!(meta.date, None);
    }

    #[test]
    fn broken_or_cyclic_json_ld_is_survived() {
        let html = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
            <script type="application/ld+json">
            {"@graph": [{"@type": "NewsArticle", "@id": "a", "headline": {"@id": "b"}},
                        {"@id": "b", "name": {"@id": "b"}}]}
            </script>"#;
        let meta = metadata(html);
        assert_eq!(meta.title, None);
    }

    proptest::proptest! {
        #[test]
        fn text_helpers_never_panic(text in "\\PC{0,60}") {
            let _ = split_byline(&text);
            let _ = clean(&text);
            let _ = parse_json_ld(&text);
        }

        #[test]
        fn entity_like_text_never_panics(text in "(&|#|x|;|[0-9a-fA-F]|é|amp|By |by ){0,15}") {
            let _ = clean(&text);
            let _ = split_byline(&text);
        }
    }

    #[test]
    fn bylines_split_only_into_full_names() {
        assert_eq!(split_byline("Roe, Jane"), ["Roe, Jane"]);
        assert_eq!(split_byline("Jill Roe, BBC News"), ["Jill Roe, BBC News"]);
        assert_eq!(split_byline("Analysis by Jill Roe"), ["Jill Roe"]);
        assert_eq!(
            split_byline("Ann Lee, Bo Chan and Cy Diaz"),
            ["Ann Lee", "Bo Chan", "Cy Diaz"]
        );
        assert_eq!(split_byline("Ann Lee & Bo Chan"), ["Ann Lee", "Bo Chan"]);
        assert_eq!(split_byline("by Reuters"), ["Reuters"]);
        assert_eq!(split_byline("By"), ["By"]);
    }

    #[test]
    fn microdata_with_several_names_and_time_elements_give_dates() {
        let meta = metadata(
            r#"<meta itemprop="datePublished dateCreated" content="2019-11-18T17:56:27.000Z">"#,
        );
        assert_eq!(meta.date.as_deref(), Some("2019-11-18T17:56:27Z"));
        let meta = metadata(
            r#"<body><aside><time datetime="2001-01-01">old</time></aside>
               <article><time datetime="2020-05-06T07:08:09+02:00">6 May</time></article></body>"#,
        );
        assert_eq!(meta.date.as_deref(), Some("2020-05-06T07:08:09+02:00"));
    }
}
