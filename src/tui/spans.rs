//! Ranges sorted by start with a running maximum of ends, so "which ranges touch rows
//! a..b" is two binary searches even when ranges nest or run long (claim contents).

use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// `ranges` must be sorted by start.
    pub fn new<'a>(ranges: impl Iterator<Item = &'a Range<usize>>) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut running = 0;
        for range in ranges {
            running = running.max(range.end);
            index.starts.push(range.start);
            index.max_end.push(running);
        }
        index
    }

    /// Indices of the ranges that may overlap `window`; the caller checks each.
    pub fn candidates(&self, window: Range<usize>) -> Range<usize> {
        let first = self.max_end.partition_point(|&end| end <= window.start);
        let last = self.starts.partition_point(|&start| start < window.end);
        first..last.max(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_long_and_short_ranges() {
        let ranges = [0..100, 10..12, 50..60, 200..210];
        let index = SpanIndex::new(ranges.iter());
        let hits: Vec<usize> = index
            .candidates(55..58)
            .filter(|&i| ranges[i].start < 58 && ranges[i].end > 55)
            .collect();
        assert_eq!(hits, [0, 2]);
        assert_eq!(index.candidates(300..400).len(), 0);
    }
}
