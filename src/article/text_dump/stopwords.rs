//! Function words for the languages news dumps most often come in.
//!
//! Prose is full of function words; menus, headlines and link lists are not. The ratio is
//! the best text-only stand-in for the link density that HTML extractors rely on. The lists
//! are short on purpose: the most frequent words carry nearly all of the signal.

use std::sync::OnceLock;

/// Longest function word, in bytes once lowercased, that a key can hold.
const KEY_BYTES: usize = 16;

/// A language whose function words we know, with its ISO 639-1 code.
pub struct Language {
    pub code: &'static str,
    words: &'static [&'static str],
    keys: OnceLock<Vec<u128>>,
}

impl Language {
    /// Whether `word`, in any case, is one of the language's function words.
    pub fn is_stopword(&self, word: &str) -> bool {
        key(word).is_some_and(|key| self.keys().binary_search(&key).is_ok())
    }

    fn keys(&self) -> &[u128] {
        self.keys.get_or_init(|| {
            let mut keys: Vec<u128> = self.words.iter().filter_map(|w| key(w)).collect();
            keys.sort_unstable();
            keys
        })
    }
}

/// Packs a word, lowercased, into an integer. Every word of a megabyte dump is looked up,
/// and comparing integers is several times cheaper than lowercasing into a string and
/// comparing strings. Words too long to be function words give `None`.
fn key(word: &str) -> Option<u128> {
    let mut bytes = [0u8; KEY_BYTES];
    if word.is_ascii() {
        if word.len() > KEY_BYTES {
            return None;
        }
        for (slot, byte) in bytes.iter_mut().zip(word.bytes()) {
            *slot = byte.to_ascii_lowercase();
        }
    } else {
        let mut len = 0;
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buffer = [0u8; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            let slot = bytes.get_mut(len..len + encoded.len())?;
            slot.copy_from_slice(encoded);
            len += encoded.len();
        }
    }
    Some(u128::from_le_bytes(bytes))
}

pub static LANGUAGES: [Language; 9] = [
    Language {
        code: "en",
        words: &[
            "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been",
            "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he",
            "her", "his", "i", "if", "in", "into", "is", "it", "its", "more", "not", "of", "on",
            "one", "or", "our", "out", "said", "she", "so", "than", "that", "the", "their", "them",
            "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "which",
            "who", "will", "with", "would", "you",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "de",
        words: &[
            "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den",
            "der", "des", "die", "doch", "durch", "ein", "eine", "einem", "einen", "einer", "er",
            "es", "für", "hat", "ich", "im", "in", "ist", "mit", "nach", "nicht", "noch", "nur",
            "oder", "sich", "sie", "sind", "so", "und", "von", "vor", "war", "wie", "wir", "wird",
            "zu", "zum", "zur",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "fr",
        words: &[
            "au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du", "elle", "en", "est",
            "et", "il", "ils", "je", "la", "le", "les", "leur", "mais", "ne", "nous", "on", "ou",
            "par", "pas", "plus", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont",
            "sur", "un", "une",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "es",
        words: &[
            "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "ha", "la", "las",
            "le", "lo", "los", "más", "no", "para", "pero", "por", "que", "se", "sin", "sobre",
            "su", "sus", "un", "una", "y", "ya",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "pt",
        words: &[
            "ao", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ele", "em", "foi",
            "mais", "mas", "na", "nas", "no", "nos", "não", "o", "os", "para", "pela", "pelo",
            "por", "que", "se", "seu", "sua", "um", "uma", "à",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "it",
        words: &[
            "al", "alla", "che", "con", "da", "del", "della", "di", "e", "gli", "ha", "il", "in",
            "la", "le", "lo", "nel", "non", "per", "più", "si", "sono", "su", "un", "una",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "nl",
        words: &[
            "aan", "als", "bij", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij", "in",
            "is", "met", "niet", "nog", "of", "om", "op", "te", "van", "voor", "was", "wordt",
            "zijn",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "ru",
        words: &[
            "а",
            "без",
            "бы",
            "в",
            "во",
            "вы",
            "да",
            "для",
            "до",
            "его",
            "ее",
            "если",
            "её",
            "же",
            "за",
            "и",
            "из",
            "или",
            "им",
            "к",
            "как",
            "ко",
            "когда",
            "ли",
            "мы",
            "на",
            "не",
            "но",
            "о",
            "об",
            "он",
            "она",
            "они",
            "от",
            "по",
            "при",
            "с",
            "со",
            "так",
            "также",
            "то",
            "только",
            "у",
            "что",
            "это",
            "я",
        ],
        keys: OnceLock::new(),
    },
    Language {
        code: "id",
        words: &[
            "adalah", "akan", "bahwa", "dalam", "dan", "dari", "dengan", "di", "ini", "itu",
            "juga", "karena", "ke", "oleh", "pada", "para", "saat", "sebagai", "tidak", "untuk",
            "yang",
        ],
        keys: OnceLock::new(),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_in_any_script() {
        let find = |code: &str| LANGUAGES.iter().find(|l| l.code == code).unwrap();
        assert!(find("en").is_stopword("The"));
        assert!(find("de").is_stopword("FÜR"));
        assert!(find("ru").is_stopword("Только"));
        assert!(!find("en").is_stopword("theatre"));
        assert!(!find("en").is_stopword("an extremely long token indeed"));
    }
}
