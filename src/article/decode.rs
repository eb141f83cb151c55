//! Turning a file's bytes into text, honouring what the file says about its encoding.
//!
//! Saved web pages still come in Windows-1252 or Shift-JIS; scraped dumps are
//! sometimes Latin-1. A wrong guess garbles every name in the article, so the
//! order is: byte-order mark, the encoding the document declares, valid UTF-8,
//! and only then Windows-1252, with a warning because that last one is a guess.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a document to look for an HTML or XML charset declaration
/// (the HTML standard's prescan looks at the first 1024 bytes; pages in the
/// wild put it later, after long comments or scripts).
const DECLARATION_WINDOW: usize = 8192;

#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when the encoding was a guess a person should know about.
    pub warning: Option<String>,
}

/// Why bytes could not be read as text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    UnknownEncoding,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("looks like a binary file (it contains NUL bytes), not an article"),
            DecodeError::UnknownEncoding => f.write_str(
                "is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 (for example with iconv) and try again",
            ),
        }
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text: text.into_owned(),
            warning: None,
        });
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Some(encoding) = declared_encoding(bytes) {
        let (text, _, had_errors) = encoding.decode(bytes);
        let warning = had_errors.then(|| {
            format!(
                "some bytes are not valid {}, as the document declares; they were replaced",
                encoding.name()
            )
        });
        return Ok(Decoded {
            text: text.into_owned(),
            warning,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            warning: None,
        });
    }
    if fits_windows_1252(bytes) {
        let (text, _, _) = WINDOWS_1252.decode(bytes);
        return Ok(Decoded {
            text: text.into_owned(),
            warning: Some("not valid UTF-8; read as Windows-1252".to_string()),
        });
    }
    Err(DecodeError::UnknownEncoding)
}

/// NUL never appears in text encodings other than UTF-16/32, which carry a BOM in practice.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(DECLARATION_WINDOW).any(|&b| b == 0)
}

/// Bytes that Windows-1252 leaves undefined, or C0 controls other than whitespace,
/// mean the file is in some other encoding (or not text at all).
fn fits_windows_1252(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| {
        !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
            && (b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
    })
}

/// The charset named by `<meta charset>`, `<meta http-equiv content="…; charset=…">`
/// or an XML declaration near the top of the document.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let head = String::from_utf8_lossy(window).to_ascii_lowercase();
    if !head.trim_start().starts_with('<') {
        return None;
    }
    let label = find_value_after(&head, "charset=").or_else(|| {
        head.trim_start()
            .starts_with("<?xml")
            .then(|| find_value_after(&head, "encoding="))
            .flatten()
    })?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    // A page cannot truly be UTF-16 if its declaration was readable as ASCII; browsers
    // treat this case as UTF-8 too.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

fn find_value_after<'a>(head: &'a str, key: &str) -> Option<&'a str> {
    let at = head.find(key)? + key.len();
    let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
        .unwrap_or(rest.len());
    let value = &rest[..end];
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_is() {
        let decoded = decode("Zoë in 東京".as_bytes()).unwrap();
        assert_eq!(decoded.text, "Zoë in 東京");
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn bom_decides_and_is_dropped() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Café".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Café");
        assert_eq!(decode(b"\xEF\xBB\xBFhello").unwrap().text, "hello");
    }

    #[test]
    fn undeclared_latin1_falls_back_to_windows_1252_with_a_warning() {
        let decoded = decode(b"caf\xE9 \x93quoted\x94").unwrap();
        assert_eq!(decoded.text, "café “quoted”");
        assert!(decoded.warning.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn declared_windows_1252_page_comes_out_right() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body>na\xEFve \x96 dash</body></html>";
        let decoded = decode(page).unwrap();
        assert!(decoded.text.contains("naïve – dash"));
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn declared_shift_jis_page_comes_out_right() {
        let (body, _, _) = encoding_rs::SHIFT_JIS.encode("東京で会議");
        let mut page = b"<html><head><meta charset=\"Shift_JIS\"></head><body><p>".to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        assert!(decode(&page).unwrap().text.contains("東京で会議"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn bytes_windows_1252_leaves_undefined_are_refused() {
        assert_eq!(decode(b"\x81\x8D\x8F"), Err(DecodeError::UnknownEncoding));
    }
}
