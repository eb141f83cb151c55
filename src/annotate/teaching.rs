//! Teaching the entity detector from a decision: a name to always find with a label, or
//! a text never to suggest with one, added to the user's `entities.json` (see
//! `extract::entities::user_lexicon`). The file is a person's and may be shared, so
//! everything else in it is kept, it is written atomically, and a file that cannot be
//! read as a lexicon is never overwritten.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::atomic::write_atomically;
use crate::extract::entities::user_lexicon::UserLexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Teaching {
    Always,
    Never,
}

/// Adds `text` with `label` to the list `teaching` names and takes it out of the other,
/// so the latest word wins. `Ok(false)` when it was there already.
pub fn teach(path: &Path, teaching: Teaching, text: &str, label: &str) -> Result<bool, String> {
    let shown = path.display();
    let mut file = match std::fs::read_to_string(path) {
        Ok(json) => {
            UserLexicon::from_json(&json).map_err(|e| format!("{shown}: {e}; not changed"))?;
            match serde_json::from_str::<Value>(&json) {
                Ok(Value::Object(file)) => file,
                _ => return Err(format!("{shown}: not a JSON object; not changed")),
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Map::new(),
        Err(error) => return Err(format!("{shown}: cannot be read: {error}")),
    };
    let entry = json!({"text": text, "label": label});
    let (into, out_of) = match teaching {
        Teaching::Always => ("always", "never"),
        Teaching::Never => ("never", "always"),
    };
    if let Some(Value::Array(other)) = file.get_mut(out_of) {
        other.retain(|e| *e != entry);
    }
    let list = file.entry(into).or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = list else {
        return Err(format!("{shown}: \"{into}\" is not a list; not changed"));
    };
    if list.contains(&entry) {
        return Ok(false);
    }
    list.push(entry);
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(file)).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{shown}: {e}"))?;
    }
    write_atomically(path, &bytes).map_err(|e| format!("{shown}: cannot be written: {e}"))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teaching_adds_once_keeps_the_rest_and_the_latest_word_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/entities.json");
        assert_eq!(
            teach(&path, Teaching::Always, "Eastbay Port", "FAC"),
            Ok(true)
        );
        assert_eq!(
            teach(&path, Teaching::Always, "Eastbay Port", "FAC"),
            Ok(false)
        );
        let json = std::fs::read_to_string(&path).unwrap();
        let lexicon = UserLexicon::from_json(&json).unwrap();
        let found = lexicon.apply("At Eastbay Port today.", Vec::new());
        assert_eq!(found.len(), 1);

        std::fs::write(
            &path,
            r#"{"always": [{"text": "Eastbay Port", "label": "FAC"}], "never": ["Courier"]}"#,
        )
        .unwrap();
        assert_eq!(
            teach(&path, Teaching::Never, "Eastbay Port", "FAC"),
            Ok(true)
        );
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(file["always"], json!([]));
        assert_eq!(
            file["never"],
            json!(["Courier", {"text": "Eastbay Port", "label": "FAC"}])
        );
    }

    #[test]
    fn a_file_that_is_not_a_lexicon_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entities.json");
        std::fs::write(&path, "{\"always\": [oops").unwrap();
        let error = teach(&path, Teaching::Always, "Northgate", "GPE").unwrap_err();
        assert!(
            error.contains("entities.json") && error.contains("not changed"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"always\": [oops"
        );
    }
}
