//! Where an exported article came from, carried into the formats that have room for
//! per-record metadata (Prodigy/spaCy `meta`, doccano's extra keys, Label Studio's
//! `data`), so a training example can be traced to the fetched page it was made from.
//! Articles that were never fetched carry nothing, and their records stay as before.

use serde::Serialize;

use crate::article::Metadata;

#[derive(Serialize, Clone, Copy)]
pub struct ProvenanceJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_sha256: Option<&'a str>,
}

impl<'a> From<&'a Metadata> for ProvenanceJson<'a> {
    fn from(metadata: &'a Metadata) -> Self {
        ProvenanceJson {
            url: metadata.url.as_deref(),
            fetched: metadata.fetched.as_deref(),
            raw_sha256: metadata.raw_sha256.as_deref(),
        }
    }
}
