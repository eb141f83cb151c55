//! Everything a person can ask the reader to do, by name. Keymaps bind keys to these
//! names, and the help overlay prints their descriptions, so adding an action here is
//! the whole job of documenting it.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident => $name:literal, $description:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name keymaps use (the serde name).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// One line for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $description,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)*
                    // The name this action had before, still read from users' keymaps.
                    "previous_article" => Some(Action::PrevArticle),
                    _ => None,
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "Leave copydesk";
    Help => "help", "Show or hide this help";
    Search => "search", "Search the article text (smart case)";
    SearchNext => "search_next", "Jump to the next search match";
    SearchPrevious => "search_previous", "Jump to the previous search match";
    NextLine => "next_line", "Move down one line (in the sidebar: next row)";
    PreviousLine => "previous_line", "Move up one line (in the sidebar: previous row)";
    NextChar => "next_char", "Move one character right (a selection grows by one)";
    PreviousChar => "previous_char", "Move one character left";
    NextWord => "next_word", "Move to the start of the next word";
    PreviousWord => "previous_word", "Move to the start of the previous word";
    NextSentence => "next_sentence", "Move to the start of the next sentence";
    PreviousSentence => "previous_sentence", "Move to the start of this or the previous sentence";
    NextParagraph => "next_paragraph", "Move to the start of the next paragraph";
    PreviousParagraph => "previous_paragraph", "Move to the start of this or the previous paragraph";
    HalfPageDown => "half_page_down", "Scroll down half a screen";
    HalfPageUp => "half_page_up", "Scroll up half a screen";
    PageDown => "page_down", "Scroll down a screen";
    PageUp => "page_up", "Scroll up a screen";
    Top => "top", "Go to the top of the article";
    Bottom => "bottom", "Go to the end of the article";
    NextEntity => "next_entity", "Jump to the next entity mention";
    PreviousEntity => "previous_entity", "Jump to the previous entity mention";
    NextClaim => "next_claim", "Jump to the next claim cue";
    PreviousClaim => "previous_claim", "Jump to the previous claim cue";
    FocusNextPane => "focus_next_pane", "Move the focus to the next pane (reading, sidebar)";
    FocusPreviousPane => "focus_previous_pane", "Move the focus to the previous pane";
    ToggleRemoved => "toggle_removed", "Show or hide the lines the cleaner removed";
    Activate => "activate", "Go to the sidebar row (again: next mention); run a search";
    Cancel => "cancel", "Close, clear the search or the pending keys";
    DeleteBackward => "delete_backward", "Search: delete the character before the cursor";
    NextArticle => "next_article", "Open the next article";
    PrevArticle => "prev_article", "Open the previous article";
    Review => "review", "Review the suggestions one by one (again, or Esc: stop)";
    Accept => "accept", "Accept the suggestion (under the cursor, or the one under review)";
    Reject => "reject", "Reject the suggestion (under the cursor, or the one under review)";
    Skip => "skip", "Review: go to the next suggestion without deciding";
    Back => "back", "Review: go back to the previous suggestion";
    ReviewFilter => "review_filter", "Review: only entities, only claims, only this label, or all";
    Undo => "undo", "Undo the last decision (also after reopening)";
    Redo => "redo", "Redo the decision just undone";
    Negate => "negate", "Flip the negation of the claim (under the cursor, or under review)";
    Note => "note", "Write a note on the claim (under the cursor, or under review)";
    Relabel => "relabel", "Give the suggestion (under the cursor, or under review) another label";
    ExpandSelection => "expand_selection", "Select the word, then the quote, sentence, paragraph around it";
    Select => "select", "Start a selection at the cursor (again: drop it); moves extend it";
    TagEntity => "tag_entity", "Tag the selection, or the word under the cursor, as an entity";
    TagClaim => "tag_claim", "Tag the selection, or the sentence under the cursor, as a claim";
    StartLeft => "start_left", "Move the start of the suggestion (or your own item) a word left";
    StartRight => "start_right", "Move its start a word right";
    EndLeft => "end_left", "Move its end a word left";
    EndRight => "end_right", "Move its end a word right";
    StartLeftChar => "start_left_char", "Move its start a character left";
    StartRightChar => "start_right_char", "Move its start a character right";
    EndLeftChar => "end_left_char", "Move its end a character left";
    EndRightChar => "end_right_char", "Move its end a character right";
    SetCue => "set_cue", "Make the selection, or the word under the cursor, the claim's cue";
    SetSource => "set_source", "Claim source: the selection, the entity under the cursor, else the nearest named subject";
    RenameEntity => "rename_entity", "Rename the entity (sidebar row, or the mention under the cursor)";
    MergeEntity => "merge_entity", "Merge this entity into the next one picked with the same key";
    SplitMention => "split_mention", "Take the mention under the cursor out of its entity, into its own";
    MarkDone => "mark_done", "Mark the article fully reviewed (entities and claims); undecided suggestions are rejected, after asking";
    Teach => "teach", "Teach the detector the mention under the cursor: always find it as its label, or, if rejected, never suggest it";
    Library => "library", "Show the library: every article named, with progress (again: back)";
    Sort => "sort", "Library: sort by the next column (file, title, date, counts, progress)";
    ReverseSort => "reverse_sort", "Library: reverse the sort";
    OpenUrl => "open_url", "Open the article's original web page in the browser";
    ToggleRead => "toggle_read", "Feeds: mark the item read, or unread again";
    MarkAllRead => "mark_all_read", "Feeds: mark every item of the feed read";
    Reload => "reload", "Feeds: fetch every feed and its new pages now";
    ShowChanges => "show_changes", "Show what changed since the page's previous version (a page fetched again)";
}

impl Action {
    /// Whether it changes an item's words: a boundary, a cue or a source, picked from
    /// the text around the cursor.
    pub fn edits_words(self) -> bool {
        matches!(
            self,
            Action::StartLeft
                | Action::StartRight
                | Action::EndLeft
                | Action::EndRight
                | Action::StartLeftChar
                | Action::StartRightChar
                | Action::EndLeftChar
                | Action::EndRightChar
                | Action::SetCue
                | Action::SetSource
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for &action in Action::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(!action.description().is_empty());
        }
    }
}
