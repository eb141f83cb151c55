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
/// Tokens per pass through the network: large enough to amortise reading
/// the weights, small enough that the buffers stay in cache-friendly sizes.
const BLOCK: usize = 512;

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

/// `y` (m × n) = `x` (m × k) · `w`ᵀ, for `w` stored (n × k) row-major as thinc
/// stores its weights. Blocks of tokens go through one product so that each
/// weight matrix is read once per block, not once per token.
fn gemm_wt(m: usize, k: usize, n: usize, x: &[f32], w: &[f32], y: &mut [f32]) {
    assert!(x.len() >= m * k && w.len() >= n * k && y.len() >= m * n);
    // SAFETY: the assert above keeps every index the strides reach in bounds.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            x.as_ptr(),
            k as isize,
            1,
            w.as_ptr(),
            1,
            k as isize,
            0.0,
            y.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

fn layer_norm(row: &mut [f32], g: &[f32], b: &[f32]) {
    let n = row.len() as f32;
    let mean = row.iter().sum::<f32>() / n;
    let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n + 1e-8;
    let inv = var.powf(-0.5);
    for ((y, g), b) in row.iter_mut().zip(g).zip(b) {
        *y = (*y - mean) * inv * g + b;
    }
}

impl Maxout {
    /// Maxout over `PIECES`, then LayerNorm, for `rows` input rows.
    fn forward(&self, x: &[f32], rows: usize, scratch: &mut Vec<f32>, out: &mut [f32]) {
        let n = WIDTH * PIECES;
        scratch.clear();
        scratch.resize(rows * n, 0.0);
        gemm_wt(rows, self.n_in, n, x, &self.w, scratch);
        for (z, o) in scratch.chunks_exact(n).zip(out.chunks_exact_mut(WIDTH)) {
            for (j, y) in o.iter_mut().enumerate() {
                let at = j * PIECES;
                let mut best = z[at] + self.b[at];
                for p in 1..PIECES {
                    let v = z[at + p] + self.b[at + p];
                    if v > best {
                        best = v;
                    }
                }
                *y = best;
            }
            layer_norm(o, &self.g, &self.norm_b);
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

    /// The parser's input vectors (64 wide) for tokens `a..b`.
    ///
    /// Each encoder layer looks one row either side, so after `DEPTH` layers a
    /// row depends on `DEPTH` rows either side: the block is computed with that
    /// much context and only its middle is kept, which gives exactly what a
    /// whole-document pass would. Context rows past the document's ends are
    /// thinc's zero padding rows.
    fn tok2vec(&self, feats: &[[u64; 4]], a: usize, b: usize, s: &mut Scratch) -> Vec<f32> {
        let pad = self.window_pad;
        let total = feats.len() + 2 * pad;
        let lo = (a + pad).saturating_sub(DEPTH);
        let hi = (b + pad + DEPTH).min(total);
        let rows = hi - lo;
        // Layer 0: embeddings reduced to WIDTH; padding rows stay zero.
        let first = lo.max(pad);
        let last = hi.min(pad + feats.len());
        s.concat.clear();
        s.concat.resize((last - first) * WIDTH * 4, 0.0);
        for (t, dst) in (first - pad..last - pad).zip(s.concat.chunks_exact_mut(WIDTH * 4)) {
            for (a, (table, n_rows, seed)) in self.embed.iter().enumerate() {
                let dst = &mut dst[a * WIDTH..(a + 1) * WIDTH];
                for key in murmur3_uint64(feats[t][a], *seed) {
                    let row = (key as usize % n_rows) * WIDTH;
                    for (d, v) in dst.iter_mut().zip(&table[row..row + WIDTH]) {
                        *d += v;
                    }
                }
            }
        }
        s.x.clear();
        s.x.resize(rows * WIDTH, 0.0);
        self.reduce.forward(
            &s.concat,
            last - first,
            &mut s.z,
            &mut s.x[(first - lo) * WIDTH..(last - lo) * WIDTH],
        );
        s.y.clear();
        s.y.resize(rows * WIDTH, 0.0);
        for layer in &self.encode {
            s.window.clear();
            s.window.resize(rows * WIDTH * 3, 0.0);
            for (r, w) in s.window.chunks_exact_mut(WIDTH * 3).enumerate() {
                if r > 0 {
                    w[..WIDTH].copy_from_slice(&s.x[(r - 1) * WIDTH..r * WIDTH]);
                }
                w[WIDTH..2 * WIDTH].copy_from_slice(&s.x[r * WIDTH..(r + 1) * WIDTH]);
                if r + 1 < rows {
                    w[2 * WIDTH..].copy_from_slice(&s.x[(r + 1) * WIDTH..(r + 2) * WIDTH]);
                }
            }
            layer.forward(&s.window, rows, &mut s.z, &mut s.y);
            for (x, y) in s.x.iter_mut().zip(&s.y) {
                *x += y;
            }
        }
        let keep = &s.x[(a + pad - lo) * WIDTH..(b + pad - lo) * WIDTH];
        let mut out = vec![0f32; (b - a) * self.tok_width];
        gemm_wt(b - a, WIDTH, self.tok_width, keep, &self.out_w, &mut out);
        for row in out.chunks_exact_mut(self.tok_width) {
            for (v, bias) in row.iter_mut().zip(&self.out_b) {
                *v += bias;
            }
        }
        out
    }

    /// Whether move `m` is allowed: spaCy's `is_valid` for BILUO moves, for a
    /// document without preset entities or sentence boundaries.
    fn valid(&self, m: usize, open: Option<(usize, usize)>, left: usize, space: bool) -> bool {
        let mv = self.moves[m];
        match (mv.action, mv.label) {
            (Action::Out, _) => open.is_none(),
            (_, None) => false,
            (Action::Begin, Some(_)) => open.is_none() && left >= 2 && !space,
            (Action::In, Some(l)) => left >= 2 && open.is_some_and(|(_, ol)| ol == l),
            (Action::Last, Some(l)) => open.is_some_and(|(_, ol)| ol == l),
            (Action::Unit, Some(_)) => open.is_none() && !space,
        }
    }

    /// Greedy BILUO decoding with spaCy's move validity. `is_space[i]` marks
    /// whitespace tokens, on which no entity may begin. The document goes
    /// through the network in blocks, so memory stays flat however long it is.
    pub fn predict(&self, feats: &[[u64; 4]], is_space: &[bool]) -> Vec<TokenSpan> {
        let n = feats.len().min(is_space.len());
        let feats = &feats[..n];
        let mut ents = Vec::new();
        let span = self.hidden * self.lower_pieces;
        let stride = self.features * span;
        let mut scratch = Scratch::default();
        let mut cached = Vec::new();
        let mut unmaxed = vec![0f32; span];
        let mut hidden = vec![0f32; self.hidden];
        // Slot 1 of the open entity's first token, slot 2 of the previous token.
        let mut ent_first = self.lower_pad[span..2 * span].to_vec();
        let mut previous = self.lower_pad[2 * span..3 * span].to_vec();
        let mut open: Option<(usize, usize)> = None;
        for a in (0..n).step_by(BLOCK) {
            let b = (a + BLOCK).min(n);
            let vecs = self.tok2vec(feats, a, b, &mut scratch);
            // Precomputed affine layer: each token's contribution in each of
            // the three feature slots, so that a step only sums three rows.
            cached.clear();
            cached.resize((b - a) * stride, 0.0);
            gemm_wt(
                b - a,
                self.tok_width,
                stride,
                &vecs,
                &self.lower_w,
                &mut cached,
            );
            for (t, row) in (a..b).zip(cached.chunks_exact(stride)) {
                unmaxed.copy_from_slice(&self.lower_b);
                let slot1 = if open.is_some() {
                    &ent_first[..]
                } else {
                    &self.lower_pad[span..2 * span]
                };
                let slot2 = if open.is_some() {
                    &previous[..]
                } else {
                    &self.lower_pad[2 * span..]
                };
                for src in [&row[..span], slot1, slot2] {
                    for (u, v) in unmaxed.iter_mut().zip(src) {
                        *u += v;
                    }
                }
                for (h, pieces) in hidden
                    .iter_mut()
                    .zip(unmaxed.chunks_exact(self.lower_pieces))
                {
                    *h = pieces.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                }
                let mut best: Option<(usize, f32)> = None;
                for m in 0..self.moves.len() {
                    if !self.valid(m, open, n - t, is_space[t]) {
                        continue;
                    }
                    let w = &self.upper_w[m * self.hidden..(m + 1) * self.hidden];
                    let score =
                        w.iter().zip(&hidden).map(|(w, h)| w * h).sum::<f32>() + self.upper_b[m];
                    if best.is_none_or(|(_, s)| score > s) {
                        best = Some((m, score));
                    }
                }
                previous.copy_from_slice(&row[2 * span..]);
                let Some((m, _)) = best else {
                    continue;
                };
                match (self.moves[m].action, self.moves[m].label) {
                    (Action::Begin, Some(l)) => {
                        open = Some((t, l));
                        ent_first.copy_from_slice(&row[span..2 * span]);
                    }
                    (Action::Last, Some(l)) => {
                        if let Some((start, _)) = open.take() {
                            ents.push(TokenSpan {
                                start,
                                end: t + 1,
                                label: l,
                            });
                        }
                    }
                    (Action::Unit, Some(l)) => ents.push(TokenSpan {
                        start: t,
                        end: t + 1,
                        label: l,
                    }),
                    _ => {}
                }
            }
        }
        ents
    }
}

/// Buffers reused from block to block.
#[derive(Default)]
struct Scratch {
    concat: Vec<f32>,
    x: Vec<f32>,
    y: Vec<f32>,
    z: Vec<f32>,
    window: Vec<f32>,
}
