//! Plain data of the debate features: the taxonomy, tag suggestions, the who & what of an
//! article, claims with their evidence, and briefs. Like everything in [`crate::model`], these
//! cross the IPC boundary as JSON, so each derives `serde` and `ts_rs::TS`.
//!
//! Offsets are code points into an article's normalised text, as everywhere in Zhaji, so that a
//! UI can step through mentions and figures with the same arithmetic it uses for highlights.

use crate::model::{Highlight, Id};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a taxonomy entry is. The kind is the first segment of the entry's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryKind {
    /// A company, lab or institution (百度, OpenAI).
    Actor,
    /// A model or model family (文心一言, GPT-3).
    Model,
    /// A person (李彦宏, Sam Altman).
    Person,
    /// A subject of the debate (算力, 蒸馏).
    Topic,
    /// A position in the debate (规模派, 怀疑派).
    Stance,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Actor,
        EntryKind::Model,
        EntryKind::Person,
        EntryKind::Topic,
        EntryKind::Stance,
    ];

    /// The tag prefix and the kind's name in keys: `actor`, `model`, `person`, `topic`, `stance`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Actor => "actor",
            EntryKind::Model => "model",
            EntryKind::Person => "person",
            EntryKind::Topic => "topic",
            EntryKind::Stance => "stance",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        let s = s.trim().to_ascii_lowercase();
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where an entry's current form comes from, so that a UI can offer "reset to Zhaji's version".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryOrigin {
    /// Exactly as bundled with Zhaji.
    Bundled,
    /// Bundled, then changed by the user (the user's fields win over later bundled versions).
    Edited,
    /// Added by the user.
    User,
}

/// One entry of the taxonomy as the library sees it: the bundled entry merged with the user's
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaxonomyEntry {
    /// `kind/id`, e.g. `actor/baidu`: stable across renames and bundled updates.
    pub key: String,
    pub kind: EntryKind,
    /// The slug, unique within the kind (`baidu`, `gpt-3`).
    pub id: String,
    /// The Chinese name, or the name Chinese readers use (`百度`, `OpenAI`). May be empty.
    pub zh: String,
    /// The English name (`Baidu`). May be empty, but not together with `zh`.
    pub en: String,
    /// Other names matched in text (`阿里`, `Tongyi Qianwen`).
    pub aliases: Vec<String>,
    /// Keys of entries this one implies (a model's maker, a founder's company); suggested along
    /// with it, marked as implied.
    pub related: Vec<String>,
    /// The tag for this entry: `kind/` plus the Chinese name, or the English one when there is
    /// no Chinese name (`actor/百度`, `model/GPT-3`).
    pub tag: String,
    pub origin: EntryOrigin,
}

/// A change to a taxonomy entry, or a new entry: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntryPatch {
    #[ts(optional)]
    pub zh: Option<String>,
    #[ts(optional)]
    pub en: Option<String>,
    /// Replaces the aliases as a whole.
    #[ts(optional)]
    pub aliases: Option<Vec<String>>,
    /// Replaces the related keys as a whole.
    #[ts(optional)]
    pub related: Option<Vec<String>>,
}

/// A code-point range of an article's text (or of a passage given as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A tag offered for a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagSuggestion {
    /// The tag to add on acceptance (`model/GPT-3`).
    pub tag: String,
    /// The taxonomy entry it comes from.
    pub key: String,
    pub kind: EntryKind,
    pub zh: String,
    pub en: String,
    /// How often the passage names it (0 for an implied suggestion).
    pub count: u32,
    /// The names as written in the passage (`GPT3`, `谷歌`), without repeats.
    pub matched: Vec<String>,
    /// For an entry the passage does not name but that a named one implies (OpenAI for GPT-3):
    /// the tag of the entry that implies it.
    pub implied_by: Option<String>,
    /// True when the highlight already carries this tag (only for a highlight's suggestions).
    pub applied: bool,
}

/// An entity an article mentions, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntityMentions {
    pub key: String,
    pub kind: EntryKind,
    pub tag: String,
    pub zh: String,
    pub en: String,
    pub count: u32,
    /// Every mention, in reading order.
    pub mentions: Vec<Span>,
}

/// What sort of figure a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FigureKind {
    /// An amount of money (`100亿美元`, `$4.6 million`).
    Money,
    /// A percentage (`89%`).
    Percent,
    /// A multiple (`30万倍`, `10x`).
    Multiple,
    /// Anything else with a unit or a magnitude (`1750亿`, `3.4千兆瓦时`, `355 GPU-years`).
    Quantity,
}

/// A number the article cites, with its unit, and the sentence it is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Figure {
    /// The figure as written (`1万美元到2万美元`).
    pub text: String,
    pub start: u32,
    pub end: u32,
    pub kind: FigureKind,
    /// Its value with the magnitude applied (`1750亿` → 1.75e11), when it can be read.
    pub value: Option<f64>,
    /// For a range (`1万到2万美元`), the upper value.
    pub value_to: Option<f64>,
    /// The unit or currency as written (`美元`, `千兆瓦时`, `GPU-years`, `%`); empty for a bare
    /// magnitude (`1750亿`).
    pub unit: String,
    /// The sentence around the figure.
    pub sentence: String,
    pub sentence_start: u32,
    pub sentence_end: u32,
}

/// The who & what panel of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WhoAndWhat {
    #[ts(type = "number")]
    pub article_id: Id,
    /// Companies, models, people, topics and stances mentioned: by kind (in [`EntryKind`]
    /// order), then most mentioned first, then by tag.
    pub entities: Vec<EntityMentions>,
    /// The figures, in reading order.
    pub figures: Vec<Figure>,
}

/// What a highlight is to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceRole {
    Supports,
    Opposes,
    Context,
}

impl EvidenceRole {
    pub const ALL: [EvidenceRole; 3] =
        [EvidenceRole::Supports, EvidenceRole::Opposes, EvidenceRole::Context];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceRole::Supports => "supports",
            EvidenceRole::Opposes => "opposes",
            EvidenceRole::Context => "context",
        }
    }

    /// Parses a role: `supports`/`for`/`pro`/`支持`, `opposes`/`against`/`con`/`反对`,
    /// `context`/`背景`.
    pub fn parse(s: &str) -> Option<EvidenceRole> {
        match s.trim().to_lowercase().as_str() {
            "supports" | "support" | "for" | "pro" | "支持" | "正方" => {
                Some(EvidenceRole::Supports)
            }
            "opposes" | "oppose" | "against" | "con" | "反对" | "反方" => {
                Some(EvidenceRole::Opposes)
            }
            "context" | "背景" => Some(EvidenceRole::Context),
            _ => None,
        }
    }
}

/// A claim the user follows, with how much evidence it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Claim {
    #[ts(type = "number")]
    pub id: Id,
    /// A random UUID that stays the same wherever the row goes (links, sync, other tools).
    #[serde(default)]
    pub uuid: String,
    pub text: String,
    /// Live evidence (highlights not in the trash, of articles not in the trash), by role.
    pub supporting: u32,
    pub opposing: u32,
    pub context: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvidenceSource {
    #[ts(type = "number")]
    pub article_id: Id,
    pub title: String,
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// A highlight linked to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evidence {
    #[ts(type = "number")]
    pub claim_id: Id,
    pub role: EvidenceRole,
    /// The user's note on this link (not the highlight's own note, which is in `highlight`).
    pub note: Option<String>,
    pub highlight: Highlight,
    pub source: EvidenceSource,
    pub linked_at: String,
}

/// A claim with its evidence for, against and around it, each oldest link first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimView {
    pub claim: Claim,
    pub supporting: Vec<Evidence>,
    pub opposing: Vec<Evidence>,
    pub context: Vec<Evidence>,
}

/// A file a brief was written to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BriefFile {
    pub path: String,
    /// False when the file already had exactly this content.
    pub written: bool,
}
