//! The NER network of en_core_web_sm 3.8.0 and its greedy BILUO decoder.
//!
//! Layer by layer as thinc and spaCy compute it: four HashEmbeds summed over
//! the four MurmurHash3 rows of each attribute id, Maxout+LayerNorm down to 96
//! wide, four residual window-1 Maxout+LayerNorm layers (run over the document
//! with four zero rows each side, as thinc's `with_array(pad=4)` does -- the pad
//! rows stop being zero after the first layer and so reach the edge tokens), a
//! linear map to 64, the parser's precomputed affine layer over three state
//! tokens with 2-piece maxout, and the output layer scoring the moves.

use std::collections::HashMap;

use super::hash::murmur3_uint64;

const WIDTH: usize = 96;
const PIECES: usize = 3;
const DEPTH: usize = 4;

/// An entity as token indices `[start, end)` and a label index into `labels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
    pub label: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Begin,
    In,
    Last,
    Unit,
    Out,
}

#[derive(Debug, Clone, Copy)]
struct Move {
    action: Action,
    /// Index into `Model::labels`; `None` for O and for spaCy's never-valid "U-".
    label: Option<usize>,
}

struct Maxout {
    /// (n_out, pieces, n_in), row-major.
    w: Vec<f32>,
    b: Vec<f32>,
    g: Vec<f32>,
    norm_b: Vec<f32>,
    n_in: usize,
}

pub struct Model {
    embed: Vec<(Vec<f32>, usize, u32)>,
    reduce: Maxout,
    encode: Vec<Maxout>,
    out_w: Vec<f32>,
    out_b: Vec<f32>,
    /// (3 features, 64 hidden, 2 pieces, 64 in).
    lower_w: Vec<f32>,
    lower_b: Vec<f32>,
    lower_pad: Vec<f32>,
    upper_w: Vec<f32>,
    upper_b: Vec<f32>,
    hidden: usize,
    lower_pieces: usize,
    features: usize,
    tok_width: usize,
    window_pad: usize,
    moves: Vec<Move>,
    pub labels: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Header {
    arrays: Vec<ArrayEntry>,
    moves: Vec<String>,
    seeds: Vec<u32>,
    window_pad: usize,
}

#[derive(serde::Deserialize)]
struct ArrayEntry {
    name: String,
    shape: Vec<usize>,
    offset: usize,
}

/// A weights file that does not match what this code expects.
#[derive(Debug)]
pub struct FormatError(pub String);

fn bad(msg: impl Into<String>) -> FormatError {
    FormatError(msg.into())
}

/// Dot product with eight independent accumulators, so that the compiler can
/// vectorise it (a single f32 accumulator forbids reordering the sum).
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut sum = ra.iter().zip(rb).map(|(x, y)| x * y).sum::<f32>();
    for v in acc {
        sum += v;
    }
    sum
}

impl Maxout {
    /// Maxout over `PIECES` then LayerNorm, for one input row.
    fn forward(&self, x: &[f32], out: &mut [f32]) {
        for (o, y) in out.iter_mut().enumerate().take(WIDTH) {
            let mut best = f32::NEG_INFINITY;
            for p in 0..PIECES {
                let row = (o * PIECES + p) * self.n_in;
                let v = dot(&self.w[row..row + self.n_in], x) + self.b[o * PIECES + p];
                if v > best {
                    best = v;
                }
            }
            *y = best;
        }
        let n = WIDTH as f32;
        let mean = out.iter().sum::<f32>() / n;
        let var = out.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n + 1e-8;
        let inv = var.powf(-0.5);
        for (i, y) in out.iter_mut().enumerate() {
            *y = (*y - mean) * inv * self.g[i] + self.norm_b[i];
        }
    }
}

impl Model {
    pub fn load(bytes: &[u8]) -> Result<Model, FormatError> {
        if bytes.len() < 12 || &bytes[..8] != b"CDNER\x00\x00\x01" {
            return Err(bad("not a copydesk NER weights file"));
        }
        let hlen = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize;
        let header_end = 12usize
            .checked_add(hlen)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("header runs past the end"))?;
        let header: Header = serde_json::from_slice(&bytes[12..header_end])
            .map_err(|e| bad(format!("header: {e}")))?;
        let data = &bytes[header_end..];
        let mut arrays: HashMap<String, (Vec<usize>, Vec<f32>)> = HashMap::new();
        for entry in &header.arrays {
            let len: usize = entry.shape.iter().product();
            let start = entry.offset * 4;
            let end = start + len * 4;
            let raw = data
                .get(start..end)
                .ok_or_else(|| bad(format!("{} runs past the end", entry.name)))?;
            let values = raw
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect();
            arrays.insert(entry.name.clone(), (entry.shape.clone(), values));
        }
        let mut take = |name: &str, shape: &[usize]| -> Result<Vec<f32>, FormatError> {
            let (s, v) = arrays
                .remove(name)
                .ok_or_else(|| bad(format!("missing array {name}")))?;
            if s != shape {
                return Err(bad(format!("{name} has shape {s:?}, expected {shape:?}")));
            }
            Ok(v)
        };
        let upper_b_len = header.moves.len();
        let mut embed = Vec::new();
        for (i, &seed) in header.seeds.iter().enumerate() {
            let name = format!("embed.{i}.E");
            let rows = header
                .arrays
                .iter()
                .find(|a| a.name == name)
                .and_then(|a| a.shape.first().copied())
                .filter(|&r| r > 0)
                .ok_or_else(|| bad(format!("missing array {name}")))?;
            embed.push((take(&name, &[rows, WIDTH])?, rows, seed));
        }
        let mut maxout = |name: &str, n_in: usize| -> Result<Maxout, FormatError> {
            Ok(Maxout {
                w: take(&format!("{name}.maxout.W"), &[WIDTH, PIECES, n_in])?,
                b: take(&format!("{name}.maxout.b"), &[WIDTH, PIECES])?,
                g: take(&format!("{name}.norm.G"), &[WIDTH])?,
                norm_b: take(&format!("{name}.norm.b"), &[WIDTH])?,
                n_in,
            })
        };
        let reduce = maxout("reduce", WIDTH * 4)?;
        let encode = (0..DEPTH)
            .map(|i| maxout(&format!("encode.{i}"), WIDTH * 3))
            .collect::<Result<Vec<_>, _>>()?;
        let (hidden, pieces, features, tok_width) = (64, 2, 3, 64);
        let model = Model {
            embed,
            reduce,
            encode,
            out_w: take("tok2vec_out.W", &[tok_width, WIDTH])?,
            out_b: take("tok2vec_out.b", &[tok_width])?,
            lower_w: take("lower.W", &[features, hidden, pieces, tok_width])?,
            lower_b: take("lower.b", &[hidden, pieces])?,
            lower_pad: take("lower.pad", &[1, features, hidden, pieces])?,
            upper_w: take("upper.W", &[upper_b_len, hidden])?,
            upper_b: take("upper.b", &[upper_b_len])?,
            hidden,
            lower_pieces: pieces,
            features,
            tok_width,
            window_pad: header.window_pad,
            moves: Vec::new(),
            labels: Vec::new(),
        };
        model.with_moves(&header.moves)
    }

    fn with_moves(mut self, names: &[String]) -> Result<Model, FormatError> {
        for name in names {
            let (action, label) = match name.split_once('-') {
                Some((a, l)) => (a, l),
                None => (name.as_str(), ""),
            };
            let action = match action {
                "B" => Action::Begin,
                "I" => Action::In,
                "L" => Action::Last,
                "U" => Action::Unit,
                "O" => Action::Out,
                other => return Err(bad(format!("unknown move {other}"))),
            };
            let label = if label.is_empty() {
                None
            } else {
                let idx = match self.labels.iter().position(|l| l == label) {
                    Some(i) => i,
                    None => {
                        self.labels.push(label.to_string());
                        self.labels.len() - 1
                    }
                };
                Some(idx)
            };
            self.moves.push(Move { action, label });
        }
        Ok(self)
    }

    /// The 64-wide token vectors the parser reads, one per token.
    fn tok2vec(&self, feats: &[[u64; 4]]) -> Vec<f32> {
        let n = feats.len();
        let pad = self.window_pad;
        let rows = n + 2 * pad;
        let mut x = vec![0f32; rows * WIDTH];
        let mut concat = vec![0f32; WIDTH * 4];
        for (t, f) in feats.iter().enumerate() {
            concat.iter_mut().for_each(|v| *v = 0.0);
            for (a, (table, n_rows, seed)) in self.embed.iter().enumerate() {
                let dst = &mut concat[a * WIDTH..(a + 1) * WIDTH];
                for key in murmur3_uint64(f[a], *seed) {
                    let row = (key as usize % n_rows) * WIDTH;
                    for (d, s) in dst.iter_mut().zip(&table[row..row + WIDTH]) {
                        *d += s;
                    }
                }
            }
            let r = pad + t;
            self.reduce
                .forward(&concat, &mut x[r * WIDTH..(r + 1) * WIDTH]);
        }
        let mut window = vec![0f32; WIDTH * 3];
        let mut y = vec![0f32; rows * WIDTH];
        for layer in &self.encode {
            for r in 0..rows {
                window.iter_mut().for_each(|v| *v = 0.0);
                if r > 0 {
                    window[..WIDTH].copy_from_slice(&x[(r - 1) * WIDTH..r * WIDTH]);
                }
                window[WIDTH..2 * WIDTH].copy_from_slice(&x[r * WIDTH..(r + 1) * WIDTH]);
                if r + 1 < rows {
                    window[2 * WIDTH..].copy_from_slice(&x[(r + 1) * WIDTH..(r + 2) * WIDTH]);
                }
                layer.forward(&window, &mut y[r * WIDTH..(r + 1) * WIDTH]);
            }
            for (a, b) in x.iter_mut().zip(&y) {
                *a += b;
            }
        }
        let mut out = vec![0f32; n * self.tok_width];
        for t in 0..n {
            let src = &x[(pad + t) * WIDTH..(pad + t + 1) * WIDTH];
            for o in 0..self.tok_width {
                out[t * self.tok_width + o] =
                    dot(&self.out_w[o * WIDTH..(o + 1) * WIDTH], src) + self.out_b[o];
            }
        }
        out
    }

    /// Greedy BILUO decoding with spaCy's move validity. `is_space[i]` marks
    /// whitespace tokens, on which no entity may begin.
    pub fn predict(&self, feats: &[[u64; 4]], is_space: &[bool]) -> Vec<TokenSpan> {
        let n = feats.len();
        let mut ents = Vec::new();
        if n == 0 {
            return ents;
        }
        let tokvecs = self.tok2vec(feats);
        let span = self.hidden * self.lower_pieces;
        let stride = self.features * span;
        // Precomputed affine layer: every token's contribution in every
        // feature slot, so that each step only sums three rows.
        let mut cached = vec![0f32; n * stride];
        for t in 0..n {
            let v = &tokvecs[t * self.tok_width..(t + 1) * self.tok_width];
            for (j, c) in cached[t * stride..(t + 1) * stride].iter_mut().enumerate() {
                *c = dot(
                    &self.lower_w[j * self.tok_width..(j + 1) * self.tok_width],
                    v,
                );
            }
        }
        let mut unmaxed = vec![0f32; span];
        let mut hidden = vec![0f32; self.hidden];
        let mut open: Option<(usize, usize)> = None;
        let mut b = 0;
        while b < n {
            let ids = [
                Some(b),
                open.map(|(start, _)| start),
                open.and_then(|_| b.checked_sub(1)),
            ];
            unmaxed.copy_from_slice(&self.lower_b);
            for (f, id) in ids.iter().enumerate() {
                let src = match id {
                    Some(t) => &cached[t * stride + f * span..t * stride + (f + 1) * span],
                    None => &self.lower_pad[f * span..(f + 1) * span],
                };
                for (u, s) in unmaxed.iter_mut().zip(src) {
                    *u += s;
                }
            }
            for (h, pieces) in hidden
                .iter_mut()
                .zip(unmaxed.chunks_exact(self.lower_pieces))
            {
                *h = pieces.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            }
            let buffer_len = n - b;
            let mut best: Option<(usize, f32)> = None;
            for (m, mv) in self.moves.iter().enumerate() {
                let valid = match (mv.action, mv.label) {
                    (_, None) if mv.action != Action::Out => false,
                    (Action::Begin, Some(_)) => open.is_none() && buffer_len >= 2 && !is_space[b],
                    (Action::In, Some(l)) => buffer_len >= 2 && open.is_some_and(|(_, ol)| ol == l),
                    (Action::Last, Some(l)) => open.is_some_and(|(_, ol)| ol == l),
                    (Action::Unit, Some(_)) => open.is_none() && !is_space[b],
                    (Action::Out, _) => open.is_none(),
                    _ => false,
                };
                if !valid {
                    continue;
                }
                let row = &self.upper_w[m * self.hidden..(m + 1) * self.hidden];
                let score = dot(row, &hidden) + self.upper_b[m];
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((m, score));
                }
            }
            let Some((m, _)) = best else {
                break;
            };
            let mv = self.moves[m];
            match (mv.action, mv.label) {
                (Action::Begin, Some(l)) => open = Some((b, l)),
                (Action::Last, Some(l)) => {
                    if let Some((start, _)) = open.take() {
                        ents.push(TokenSpan {
                            start,
                            end: b + 1,
                            label: l,
                        });
                    }
                }
                (Action::Unit, Some(l)) => ents.push(TokenSpan {
                    start: b,
                    end: b + 1,
                    label: l,
                }),
                _ => {}
            }
            b += 1;
        }
        ents
    }
}
