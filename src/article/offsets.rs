//! Converting byte offsets (how Rust indexes strings) into Unicode code point offsets
//! (how every file copydesk writes counts, like W3C Web Annotation, doccano and brat).

/// Walks a text once while converting ascending byte offsets, so converting every
/// paragraph or span of a long article stays linear.
pub struct CodePointCursor<'a> {
    text: &'a str,
    byte: usize,
    code_points: usize,
}

impl<'a> CodePointCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        CodePointCursor {
            text,
            byte: 0,
            code_points: 0,
        }
    }

    /// The code point offset of `byte`, which must be on a char boundary. Offsets
    /// smaller than the previous one restart the walk rather than give a wrong answer.
    pub fn to_code_points(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.code_points = 0;
        }
        let byte = byte.min(self.text.len());
        self.code_points += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.code_points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "é👍🏽 東京 e\u{301}!";
        let mut cursor = CodePointCursor::new(text);
        assert_eq!(cursor.to_code_points(0), 0);
        assert_eq!(cursor.to_code_points("é".len()), 1);
        assert_eq!(cursor.to_code_points("é👍🏽 ".len()), 4);
        assert_eq!(cursor.to_code_points(text.len()), text.chars().count());
        assert_eq!(cursor.to_code_points("é".len()), 1);
    }
}
