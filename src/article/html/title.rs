//! The page's headline. What the page says of itself (JSON-LD `headline`, `og:title`,
//! `<title>`) is written for search engines and share cards: reworded, shortened, or with
//! the site's name and a section glued on ("Opinion | … | Gazette"). The `<h1>` is what
//! a reader sees, so an `<h1>` that tells the same story wins; otherwise the page's own
//! title does, without the site's name.

use std::collections::HashSet;

use super::comparable_words;

/// Share of the shorter title's words the other must hold for the two to be the same
/// headline worded twice.
const SAME_STORY: f32 = 0.6;

/// Fewest words of an `<h1>` that can stand for a headline (shorter ones are site names
/// and section labels).
const H1_MIN_WORDS: usize = 3;

/// Separators between a headline and a site's name.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "];

/// Labels sites put before the headline in `<title>` and `og:title`.
const SECTION_PREFIXES: &[&str] = &[
    "opinion",
    "analysis",
    "editorial",
    "commentary",
    "perspective",
    "review",
    "live",
];

/// The headline from the page's own titles (best first) and its `<h1>`s.
pub fn headline(
    titles: &[String],
    h1s: &[String],
    site: Option<&str>,
    url: Option<&str>,
) -> Option<String> {
    let stated: Vec<String> = titles
        .iter()
        .map(|title| without_site(title, site, url, titles))
        .filter(|title| !title.is_empty())
        .collect();
    let seen = h1s
        .iter()
        .filter(|h1| words(h1).len() >= H1_MIN_WORDS)
        .filter_map(|h1| {
            let best = stated
                .iter()
                .map(|title| overlap(h1, title))
                .fold(0.0, f32::max);
            (best >= SAME_STORY).then_some((h1, best))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(h1, _)| h1.clone());
    seen.or_else(|| stated.into_iter().next())
        .or_else(|| h1s.first().cloned())
}

/// `title` without a trailing " | Site" (the site's name, the host's, or a tail that a
/// shorter title of the same page leaves off) and without a leading "Opinion | ".
fn without_site(title: &str, site: Option<&str>, url: Option<&str>, titles: &[String]) -> String {
    let mut title = title.trim();
    if let Some((head, tail)) = split_last(title)
        && is_site_name(tail, site, url, head, titles)
    {
        title = head;
    }
    if let Some((label, rest)) = split_first(title)
        && SECTION_PREFIXES.contains(&label.to_lowercase().as_str())
    {
        title = rest;
    }
    title.trim().to_string()
}

fn split_last(title: &str) -> Option<(&str, &str)> {
    SEPARATORS
        .iter()
        .filter_map(|separator| {
            let at = title.rfind(separator)?;
            Some((at, &title[..at], &title[at + separator.len()..]))
        })
        .max_by_key(|(at, _, _)| *at)
        .map(|(_, head, tail)| (head.trim(), tail.trim()))
        .filter(|(head, tail)| !head.is_empty() && !tail.is_empty())
}

fn split_first(title: &str) -> Option<(&str, &str)> {
    [" | ", ": "]
        .iter()
        .filter_map(|separator| {
            let at = title.find(separator)?;
            Some((at, &title[..at], &title[at + separator.len()..]))
        })
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, label, rest)| (label.trim(), rest.trim()))
        .filter(|(_, rest)| !rest.is_empty())
}

fn is_site_name(
    tail: &str,
    site: Option<&str>,
    url: Option<&str>,
    head: &str,
    titles: &[String],
) -> bool {
    let tail_key = squash(tail);
    if tail_key.is_empty() {
        return false;
    }
    let named = site.is_some_and(|site| {
        let site = squash(site);
        !site.is_empty()
            && (site == tail_key || tail_key.contains(&site) || site.contains(&tail_key))
    });
    let hosted = url.and_then(host_label).is_some_and(|host| {
        host.len() >= 3 && (tail_key.contains(&host) || host.contains(&tail_key))
    });
    let left_off = titles.iter().any(|other| other.trim() == head);
    named || hosted || left_off
}

/// The host's distinctive label: "thehill" for https://thehill.com/…, "bbc" for
/// www.bbc.co.uk.
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':', '?', '#']).next()?.to_lowercase();
    let labels: Vec<&str> = host
        .split('.')
        .filter(|label| {
            !matches!(
                *label,
                "www" | "m" | "amp" | "edition" | "co" | "com" | "org" | "net" | "ac" | "gov"
            )
        })
        .collect();
    // The last label left is the country or generic suffix only when there are two.
    let label = match labels.as_slice() {
        [] => return None,
        [only] => only,
        [.., name, suffix] if suffix.len() <= 3 => name,
        [.., name] => name,
    };
    Some(squash(label))
}

/// Letters and digits only, lower-cased: "The Hill" and "TheHill" are the same name.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> HashSet<String> {
    comparable_words(text).into_iter().collect()
}

/// How much of the shorter text's words the longer one holds.
fn overlap(a: &str, b: &str) -> f32 {
    let (a, b) = (words(a), words(b));
    let shorter = a.len().min(b.len());
    if shorter == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f32 / shorter as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn the_site_s_name_comes_off_the_end() {
        let url = Some("https://www.coastgazette.com/news/ferry");
        for title in [
            "Ferry cuts winter crossings | Coast Gazette",
            "Ferry cuts winter crossings - CoastGazette",
            "Ferry cuts winter crossings – coastgazette.com",
        ] {
            assert_eq!(
                headline(&strings(&[title]), &[], Some("Coast Gazette"), url).as_deref(),
                Some("Ferry cuts winter crossings"),
                "{title}"
            );
        }
        assert_eq!(
            headline(
                &strings(&["Ferry cuts winter crossings - Sportsnet.ca"]),
                &[],
                None,
                Some("https://www.sportsnet.ca/x")
            )
            .as_deref(),
            Some("Ferry cuts winter crossings")
        );
    }

    #[test]
    fn a_dash_inside_the_headline_stays() {
        assert_eq!(
            headline(
                &strings(&["Tram fares - frozen again"]),
                &[],
                Some("Coast Gazette"),
                None
            )
            .as_deref(),
            Some("Tram fares - frozen again")
        );
    }

    #[test]
    fn a_section_label_comes_off_the_front() {
        assert_eq!(
            headline(
                &strings(&["Opinion | The ferry deserves better"]),
                &[],
                None,
                None
            )
            .as_deref(),
            Some("The ferry deserves better")
        );
    }

    #[test]
    fn the_visible_headline_wins_when_it_tells_the_same_story() {
        let titles = strings(&["Port delays crane repairs"]);
        let h1s = strings(&[
            "Coast Gazette",
            "Harbour board: port delays crane repairs to spring",
        ]);
        assert_eq!(
            headline(&titles, &h1s, None, None).as_deref(),
            Some("Harbour board: port delays crane repairs to spring")
        );
        let section = strings(&["News about the harbour and the islands"]);
        assert_eq!(
            headline(&titles, &section, None, None).as_deref(),
            Some("Port delays crane repairs"),
            "an h1 about something else is the site's, not the story's"
        );
    }
}
