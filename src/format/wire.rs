//! Serde types that mirror the JSON one to one.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::SUPPORTED_VERSION;

/// A whole thread file. Read it through `Object`: serde's derived
/// structs also take an array of their fields in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadFile {
    pub version: FormatVersion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(deserialize_with = "objects")]
    pub posts: Vec<Post>,
}

/// A struct that the format writes as a JSON object, named as messages name it.
pub trait ObjectKind {
    const NAME: &'static str;
}

impl ObjectKind for ThreadFile {
    const NAME: &'static str = "a thread object";
}

impl ObjectKind for Post {
    const NAME: &'static str = "a post object";
}

impl ObjectKind for Link {
    const NAME: &'static str = "a link object";
}

/// `T` read from a JSON object only: an array of `T`'s fields in order,
/// which serde's derive would take, is refused as the wrong type.
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de> + ObjectKind> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + ObjectKind> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::NAME)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(ObjectVisitor(PhantomData)).map(Object)
    }
}

/// An array of objects (never of arrays).
fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de> + ObjectKind>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let items: Vec<Object<T>> = Vec::deserialize(deserializer)?;
    Ok(items.into_iter().map(|Object(item)| item).collect())
}

/// `links`: an array of link objects; `null` is the same as absent.
fn links<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Link>, D::Error> {
    let items: Option<Vec<Object<Link>>> = Option::deserialize(deserializer)?;
    Ok(items.unwrap_or_default().into_iter().map(|Object(item)| item).collect())
}

impl ThreadFile {
    /// An empty thread of the supported version, for importers to fill.
    pub fn new(title: Option<String>, url: Option<String>) -> Self {
        Self { version: FormatVersion::default(), title, url, posts: Vec::new() }
    }
}

/// The `version` field. Deserializing anything but the supported version
/// fails right there, before the rest of the file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FormatVersion(u64);

impl Default for FormatVersion {
    fn default() -> Self {
        Self(SUPPORTED_VERSION)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VersionVisitor;
        fn unsupported<E: de::Error>(found: impl fmt::Display) -> E {
            E::custom(format_args!(
                "unsupported version {found}: this tread reads version {SUPPORTED_VERSION}"
            ))
        }
        impl Visitor<'_> for VersionVisitor {
            type Value = FormatVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the version number {SUPPORTED_VERSION}")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FormatVersion, E> {
                if v == SUPPORTED_VERSION { Ok(FormatVersion(v)) } else { Err(unsupported(v)) }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FormatVersion, E> {
                u64::try_from(v).map_or_else(|_| Err(unsupported(v)), |v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FormatVersion, E> {
                Err(unsupported(v))
            }
        }
        deserializer.deserialize_any(VersionVisitor)
    }
}

/// One post as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: PostKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<PostKey>,
    pub body: Body,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "links")]
    pub links: Vec<Link>,
    /// Replies the source had that the file does not hold (a reddit `more`
    /// stub): their number, 0 when the source did not say how many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_replies: Option<u64>,
}

/// A post id as written: a string, or an integer read as its decimal string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PostKey(pub String);

impl PostKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for PostKey {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

impl From<String> for PostKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<u64> for PostKey {
    fn from(key: u64) -> Self {
        Self(key.to_string())
    }
}

impl fmt::Display for PostKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PostKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = PostKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PostKey, E> {
                Ok(PostKey(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<PostKey, E> {
                Ok(PostKey(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PostKey, E> {
                Ok(PostKey(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PostKey, E> {
                Ok(PostKey(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PostKey, E> {
                // JSON reads integers past 64 bits as floating point: the digits are gone.
                if v.fract() == 0.0 && v.abs() >= 9.0e18 {
                    Err(E::custom(
                        "an integer id too large to read exactly (over 19 digits): write the id as a string",
                    ))
                } else {
                    Err(E::custom(format_args!("expected a string or an integer, found the number {v}")))
                }
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// A post or quote body: plain text (with `>` quotes) or a list of blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Body {
    Text(String),
    Blocks(Vec<Block>),
}

impl Default for Body {
    fn default() -> Self {
        Self::Blocks(Vec::new())
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BodyVisitor;
        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = Body;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Body, E> {
                Ok(Body::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Body, E> {
                Ok(Body::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Body, A::Error> {
                let mut blocks = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(block) = seq.next_element()? {
                    blocks.push(block);
                }
                Ok(Body::Blocks(blocks))
            }
        }
        deserializer.deserialize_any(BodyVisitor)
    }
}

/// One block of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Block {
    /// A paragraph; single newlines inside are line breaks.
    Text(String),
    /// A quote, possibly of a quote (a chain).
    Quote {
        quote: Body,
        #[serde(skip_serializing_if = "Option::is_none")]
        of: Option<PostKey>,
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<String>,
    },
    /// Preformatted text, never re-wrapped.
    Code {
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum BlockField {
    Text,
    Quote,
    Of,
    Author,
    Code,
    Lang,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BlockVisitor)
    }
}

struct BlockVisitor;

fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = Block;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a block object (`text`, `quote` or `code`)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
        Ok(Block::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Block, E> {
        Ok(Block::Text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
        let (mut text, mut quote, mut of, mut author, mut code, mut lang) =
            (None, None, None, None, None, None);
        while let Some(field) = map.next_key::<BlockField>()? {
            match field {
                BlockField::Text => set_once(&mut text, map.next_value::<String>()?, "text")?,
                BlockField::Quote => set_once(&mut quote, map.next_value::<Body>()?, "quote")?,
                BlockField::Of => set_once(&mut of, map.next_value::<Option<PostKey>>()?, "of")?,
                BlockField::Author => {
                    set_once(&mut author, map.next_value::<Option<String>>()?, "author")?;
                }
                BlockField::Code => set_once(&mut code, map.next_value::<String>()?, "code")?,
                BlockField::Lang => set_once(&mut lang, map.next_value::<Option<String>>()?, "lang")?,
                BlockField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kinds: Vec<&str> =
            [("text", text.is_some()), ("quote", quote.is_some()), ("code", code.is_some())]
                .into_iter()
                .filter_map(|(name, present)| present.then_some(name))
                .collect();
        match (text, quote, code) {
            (Some(text), None, None) => Ok(Block::Text(text)),
            (None, Some(quote), None) => {
                Ok(Block::Quote { quote, of: of.flatten(), author: author.flatten() })
            }
            (None, None, Some(code)) => Ok(Block::Code { code, lang: lang.flatten() }),
            (None, None, None) => {
                Err(de::Error::custom("a block object needs one of the keys `text`, `quote` or `code`"))
            }
            _ => Err(de::Error::custom(format_args!(
                "a block object has exactly one of `text`, `quote` and `code`, found `{}`",
                kinds.join("` and `")
            ))),
        }
    }
}

/// A reference that is not in the text (an attachment, a titled link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}
