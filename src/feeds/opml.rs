//! OPML, the file every feed reader imports and exports. Tags travel as folders on the
//! way in (a feed inside the outline "Local" gets the tag `Local`) and as the `category`
//! attribute both ways, so a round trip through copydesk keeps them.

use opml::{OPML, Outline};

use super::library::Feed;
use super::newsboat::Subscribed;

/// The feeds in an OPML document.
pub fn read(text: &str) -> Result<Vec<Subscribed>, String> {
    let document = OPML::from_str(text).map_err(|e| format!("not OPML: {e}"))?;
    let mut feeds = Vec::new();
    for outline in &document.body.outlines {
        collect(outline, &[], &mut feeds);
    }
    Ok(feeds)
}

fn collect(outline: &Outline, folders: &[String], feeds: &mut Vec<Subscribed>) {
    if let Some(url) = &outline.xml_url {
        let mut tags = folders.to_vec();
        for tag in outline.category.iter().flat_map(|c| c.split(',')) {
            let tag = tag.trim().trim_start_matches('/');
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
        let title = outline
            .title
            .clone()
            .or_else(|| Some(outline.text.clone()))
            .filter(|t| !t.trim().is_empty() && t != url);
        feeds.push(Subscribed {
            url: url.clone(),
            title,
            tags,
        });
    }
    let mut inner = folders.to_vec();
    if outline.xml_url.is_none() && !outline.text.trim().is_empty() {
        inner.push(outline.text.trim().to_string());
    }
    for child in &outline.outlines {
        collect(child, &inner, feeds);
    }
}

/// The subscriptions as an OPML 2.0 document.
pub fn write(feeds: &[Feed]) -> String {
    let mut document = OPML {
        head: Some(opml::Head {
            title: Some("copydesk subscriptions".to_string()),
            ..opml::Head::default()
        }),
        ..OPML::default()
    };
    for feed in feeds {
        document.body.outlines.push(Outline {
            text: feed.name().to_string(),
            title: feed.title.clone(),
            r#type: Some("rss".to_string()),
            xml_url: Some(feed.url.clone()),
            category: (!feed.tags.is_empty()).then(|| feed.tags.join(",")),
            ..Outline::default()
        });
    }
    document
        .to_string()
        .expect("an OPML document built from strings serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_categories_become_tags_and_survive_a_round_trip() {
        let text = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Local">
    <outline text="Harbour Gazette" type="rss" xmlUrl="https://harbour.test/rss.xml" category="/council,ports"/>
  </outline>
  <outline text="https://wire.test/atom.xml" type="rss" xmlUrl="https://wire.test/atom.xml"/>
</body></opml>"#;
        let feeds = read(text).unwrap();
        assert_eq!(
            feeds,
            [
                Subscribed {
                    url: "https://harbour.test/rss.xml".into(),
                    title: Some("Harbour Gazette".into()),
                    tags: vec!["Local".into(), "council".into(), "ports".into()],
                },
                Subscribed {
                    url: "https://wire.test/atom.xml".into(),
                    title: None,
                    tags: vec![],
                },
            ]
        );
        let mut subscribed: Vec<Feed> = Vec::new();
        for feed in &feeds {
            let mut f = Feed::new(feed.url.clone());
            f.title = feed.title.clone();
            f.tags = feed.tags.clone();
            subscribed.push(f);
        }
        assert_eq!(read(&write(&subscribed)).unwrap(), feeds);
    }

    #[test]
    fn a_file_that_is_not_opml_says_so() {
        assert!(
            read("<html><body>hi</body></html>")
                .unwrap_err()
                .starts_with("not OPML")
        );
    }
}
