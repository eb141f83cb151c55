//! Function words for the languages news dumps most often come in.
//!
//! Prose is full of function words; menus, headlines and link lists are not. The ratio is
//! the best text-only stand-in for the link density that HTML extractors rely on. The lists
//! are short on purpose: the most frequent words carry nearly all of the signal.

/// A language whose function words we know, with its ISO 639-1 code.
pub struct Language {
    pub code: &'static str,
    words: &'static [&'static str],
}

impl Language {
    pub fn is_stopword(&self, lowercase_word: &str) -> bool {
        self.words.binary_search(&lowercase_word).is_ok()
    }
}

pub static LANGUAGES: &[Language] = &[
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
    },
    Language {
        code: "fr",
        words: &[
            "au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du", "elle", "en", "est",
            "et", "il", "ils", "je", "la", "le", "les", "leur", "mais", "ne", "nous", "on", "ou",
            "par", "pas", "plus", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont",
            "sur", "un", "une",
        ],
    },
    Language {
        code: "es",
        words: &[
            "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "ha", "la", "las",
            "le", "lo", "los", "más", "no", "para", "pero", "por", "que", "se", "sin", "sobre",
            "su", "sus", "un", "una", "y", "ya",
        ],
    },
    Language {
        code: "pt",
        words: &[
            "ao", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ele", "em", "foi",
            "mais", "mas", "na", "nas", "no", "nos", "não", "o", "os", "para", "pela", "pelo",
            "por", "que", "se", "seu", "sua", "um", "uma", "à",
        ],
    },
    Language {
        code: "it",
        words: &[
            "al", "alla", "che", "con", "da", "del", "della", "di", "e", "gli", "ha", "il", "in",
            "la", "le", "lo", "nel", "non", "per", "più", "si", "sono", "su", "un", "una",
        ],
    },
    Language {
        code: "nl",
        words: &[
            "aan", "als", "bij", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij", "in",
            "is", "met", "niet", "nog", "of", "om", "op", "te", "van", "voor", "was", "wordt",
            "zijn",
        ],
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
    },
    Language {
        code: "id",
        words: &[
            "adalah", "akan", "bahwa", "dalam", "dan", "dari", "dengan", "di", "ini", "itu",
            "juga", "karena", "ke", "oleh", "pada", "para", "saat", "sebagai", "tidak", "untuk",
            "yang",
        ],
    },
];
