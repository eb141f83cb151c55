//! Measuring extractors and annotators.
