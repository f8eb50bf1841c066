//! The batch solver behind `groomscan train`: L2-regularised, example-weighted logistic
//! regression on a sparse matrix, minimised by L-BFGS until the gradient is small.
//!
//! The objective, for examples `x_i` with labels `t_i` in {0, 1} and weights `c_i`:
//!
//! ```text
//! F(w, b) = (1 / n) * sum_i c_i * ln(1 + exp(-y_i * (w . x_i + b)))  +  (l2 / 2) * |w|^2
//! ```
//!
//! with `y_i = 2 t_i - 1` and the bias `b` not regularised. It is strictly convex for
//! `l2 > 0`, so it has one minimiser; `solve` stops when `|grad F| <= tol * max(1, |grad
//! F(0)|)` (the relative rule liblinear uses) or after `max_iter` iterations, and says
//! which. L-BFGS keeps the last `memory` steps; each step is the two-loop direction with a
//! backtracking (Armijo) line search.
//!
//! Deterministic whatever the thread count: margins are computed per example, and the
//! gradient per column from a column-major copy of the matrix (`Csc`), so no sum is split
//! across threads.
//!
//! It knows nothing of chats or features: `train` builds the matrix.

use rayon::prelude::*;

/// A sparse matrix, row-major: one row per example.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    pub cols: usize,
    /// `indptr[i]..indptr[i + 1]` are row `i`'s entries.
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl Csr {
    pub fn new(cols: usize) -> Csr {
        Csr {
            cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends a row of `(column, value)` entries (columns increasing).
    pub fn push_row(&mut self, row: impl IntoIterator<Item = (u32, f32)>) {
        for (j, v) in row {
            debug_assert!((j as usize) < self.cols);
            self.indices.push(j);
            self.values.push(v);
        }
        self.indptr.push(self.indices.len());
    }

    pub fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.indptr[i]..self.indptr[i + 1];
        self.indices[r.clone()]
            .iter()
            .zip(&self.values[r])
            .map(|(&j, &v)| (j as usize, f64::from(v)))
    }

    /// The rows `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Csr {
        let mut out = Csr::new(self.cols);
        for &i in rows {
            let r = self.indptr[i]..self.indptr[i + 1];
            out.indices.extend_from_slice(&self.indices[r.clone()]);
            out.values.extend_from_slice(&self.values[r]);
            out.indptr.push(out.indices.len());
        }
        out
    }
}

/// The same matrix column-major: `colptr[j]..colptr[j + 1]` index `rows`/`values`.
struct Csc {
    colptr: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl Csc {
    fn of(m: &Csr) -> Csc {
        let mut counts = vec![0usize; m.cols + 1];
        for &j in &m.indices {
            counts[j as usize + 1] += 1;
        }
        for j in 0..m.cols {
            counts[j + 1] += counts[j];
        }
        let colptr = counts.clone();
        let mut next = counts;
        let mut rows = vec![0u32; m.indices.len()];
        let mut values = vec![0f32; m.indices.len()];
        for i in 0..m.rows() {
            for k in m.indptr[i]..m.indptr[i + 1] {
                let j = m.indices[k] as usize;
                rows[next[j]] = i as u32;
                values[next[j]] = m.values[k];
                next[j] += 1;
            }
        }
        Csc {
            colptr,
            rows,
            values,
        }
    }
}

/// Solver settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub l2: f64,
    /// Relative gradient-norm tolerance.
    pub tol: f64,
    pub max_iter: usize,
    /// L-BFGS memory (pairs kept).
    pub memory: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            l2: 1e-4,
            tol: 1e-6,
            max_iter: 2000,
            memory: 10,
        }
    }
}

/// What `solve` found.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    pub weights: Vec<f64>,
    pub bias: f64,
    /// `F` at the solution.
    pub objective: f64,
    /// `|grad F|` at the solution, and at the start (all zero).
    pub grad_norm: f64,
    pub grad_norm0: f64,
    pub iterations: usize,
    /// Whether the gradient rule stopped it (not `max_iter`, nor a failed line search).
    pub converged: bool,
}

/// `ln(1 + exp(-m))`, stable for any `m`.
fn log1p_exp_neg(m: f64) -> f64 {
    if m > 0.0 {
        (-m).exp().ln_1p()
    } else {
        -m + m.exp().ln_1p()
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

struct Problem<'a> {
    x: &'a Csr,
    xt: Csc,
    labels: &'a [bool],
    /// Example weights divided by n.
    c: Vec<f64>,
    l2: f64,
}

impl Problem<'_> {
    /// `F` and its gradient at `theta` (`weights..., bias`).
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let d = self.x.cols;
        let (w, b) = (&theta[..d], theta[d]);
        // per example: (weighted loss, weighted residual dF/dz)
        let per: Vec<(f64, f64)> = (0..self.x.rows())
            .into_par_iter()
            .map(|i| {
                let z = b + self.x.row(i).map(|(j, v)| w[j] * v).sum::<f64>();
                let (y, t) = if self.labels[i] {
                    (1.0, 1.0)
                } else {
                    (-1.0, 0.0)
                };
                (
                    self.c[i] * log1p_exp_neg(y * z),
                    self.c[i] * (sigmoid(z) - t),
                )
            })
            .collect();
        let loss: f64 = per.iter().map(|p| p.0).sum();
        let mut grad: Vec<f64> = (0..d)
            .into_par_iter()
            .map(|j| {
                let r = self.xt.colptr[j]..self.xt.colptr[j + 1];
                let s: f64 = self.xt.rows[r.clone()]
                    .iter()
                    .zip(&self.xt.values[r])
                    .map(|(&i, &v)| per[i as usize].1 * f64::from(v))
                    .sum();
                s + self.l2 * w[j]
            })
            .collect();
        grad.push(per.iter().map(|p| p.1).sum());
        let reg = 0.5 * self.l2 * w.iter().map(|x| x * x).sum::<f64>();
        (loss + reg, grad)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Minimises `F` for rows of `x` labelled `labels` with weights `weights`.
///
/// # Panics
/// When the lengths of `labels`/`weights` differ from the number of rows (a caller bug).
pub fn solve(x: &Csr, labels: &[bool], weights: &[f64], s: &Settings) -> Solution {
    assert_eq!(labels.len(), x.rows());
    assert_eq!(weights.len(), x.rows());
    let n = x.rows().max(1) as f64;
    let p = Problem {
        x,
        xt: Csc::of(x),
        labels,
        c: weights.iter().map(|c| c / n).collect(),
        l2: s.l2,
    };
    let dim = x.cols + 1;
    let mut theta = vec![0.0; dim];
    let (mut f, mut g) = p.eval(&theta);
    let g0 = norm(&g);
    let stop = s.tol * g0.max(1.0);
    let mut pairs: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> =
        std::collections::VecDeque::new();
    let mut iterations = 0;
    let mut converged = norm(&g) <= stop;
    while !converged && iterations < s.max_iter {
        // two-loop recursion: direction = -H g
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(pairs.len());
        for (sv, yv, rho) in pairs.iter().rev() {
            let a = rho * dot(sv, &q);
            for (qi, yi) in q.iter_mut().zip(yv) {
                *qi -= a * yi;
            }
            alphas.push(a);
        }
        let gamma = pairs
            .back()
            .map_or(1.0 / norm(&g).max(1e-300), |(sv, yv, _)| {
                dot(sv, yv) / dot(yv, yv)
            });
        for qi in &mut q {
            *qi *= gamma;
        }
        for ((sv, yv, rho), a) in pairs.iter().zip(alphas.iter().rev()) {
            let bcoef = rho * dot(yv, &q);
            for (qi, si) in q.iter_mut().zip(sv) {
                *qi += (a - bcoef) * si;
            }
        }
        let mut dir: Vec<f64> = q.iter().map(|x| -x).collect();
        let mut slope = dot(&g, &dir);
        if slope >= 0.0 {
            // not a descent direction: restart from steepest descent
            pairs.clear();
            let scale = 1.0 / norm(&g).max(1e-300);
            dir = g.iter().map(|x| -x * scale).collect();
            slope = dot(&g, &dir);
        }
        // backtracking line search (Armijo)
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            let trial: Vec<f64> = theta.iter().zip(&dir).map(|(t, d)| t + step * d).collect();
            let (ft, gt) = p.eval(&trial);
            if ft <= f + 1e-4 * step * slope {
                accepted = Some((trial, ft, gt));
                break;
            }
            step *= 0.5;
        }
        let Some((next, fnext, gnext)) = accepted else {
            break;
        };
        iterations += 1;
        let sv: Vec<f64> = next.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let yv: Vec<f64> = gnext.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&sv, &yv);
        if sy > 1e-12 * norm(&sv) * norm(&yv) {
            if pairs.len() == s.memory {
                pairs.pop_front();
            }
            pairs.push_back((sv, yv, 1.0 / sy));
        }
        theta = next;
        f = fnext;
        g = gnext;
        converged = norm(&g) <= stop;
    }
    let bias = theta.pop().unwrap_or(0.0);
    Solution {
        weights: theta,
        bias,
        objective: f,
        grad_norm: norm(&g),
        grad_norm0: g0,
        iterations,
        converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small dense problem with overlapping classes (so the optimum is finite even
    /// without much regularisation).
    fn problem() -> (Csr, Vec<bool>, Vec<f64>) {
        let mut rng = crate::rng::Rng::new(3);
        let mut x = Csr::new(4);
        let mut labels = Vec::new();
        for i in 0..60 {
            let t = i % 3 == 0;
            let row: Vec<(u32, f32)> = (0..4u32)
                .map(|j| {
                    let noise = rng.below(1000) as f32 / 1000.0 - 0.5;
                    let signal = if t && j < 2 { 0.6 } else { 0.0 };
                    (j, signal + noise)
                })
                .collect();
            x.push_row(row);
            labels.push(t);
        }
        let weights = labels.iter().map(|&t| if t { 1.5 } else { 0.75 }).collect();
        (x, labels, weights)
    }

    /// Newton's method on the same objective, with a dense Hessian solved by Gaussian
    /// elimination: another way to the same minimiser.
    fn newton(x: &Csr, labels: &[bool], c: &[f64], l2: f64) -> Vec<f64> {
        let d = x.cols + 1;
        let n = x.rows() as f64;
        let mut theta = vec![0.0; d];
        for _ in 0..50 {
            let mut g = vec![0.0; d];
            let mut h = vec![vec![0.0; d]; d];
            for i in 0..x.rows() {
                let mut row: Vec<f64> = vec![0.0; d];
                for (j, v) in x.row(i) {
                    row[j] = v;
                }
                row[d - 1] = 1.0;
                let z = dot(&row, &theta);
                let pr = sigmoid(z);
                let t = if labels[i] { 1.0 } else { 0.0 };
                for a in 0..d {
                    g[a] += c[i] / n * (pr - t) * row[a];
                    for b in 0..d {
                        h[a][b] += c[i] / n * pr * (1.0 - pr) * row[a] * row[b];
                    }
                }
            }
            for a in 0..d - 1 {
                g[a] += l2 * theta[a];
                h[a][a] += l2;
            }
            // solve h * step = g
            let mut m: Vec<Vec<f64>> = h
                .iter()
                .zip(&g)
                .map(|(r, gi)| r.iter().copied().chain([*gi]).collect())
                .collect();
            for col in 0..d {
                let piv = (col..d)
                    .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
                    .unwrap();
                m.swap(col, piv);
                let pivot = m[col].clone();
                for (r, row) in m.iter_mut().enumerate() {
                    if r != col {
                        let f = row[col] / pivot[col];
                        for (x, p) in row.iter_mut().zip(&pivot).skip(col) {
                            *x -= f * p;
                        }
                    }
                }
            }
            for a in 0..d {
                theta[a] -= m[a][d] / m[a][a];
            }
        }
        theta
    }

    #[test]
    fn reaches_the_optimum_newton_finds() {
        let (x, labels, c) = problem();
        let s = Settings {
            l2: 0.01,
            tol: 1e-10,
            ..Settings::default()
        };
        let sol = solve(&x, &labels, &c, &s);
        assert!(sol.converged, "{sol:?}");
        assert!(sol.grad_norm <= 1e-10 * sol.grad_norm0.max(1.0), "{sol:?}");
        // the gradient, recomputed independently, is near zero
        let p = Problem {
            x: &x,
            xt: Csc::of(&x),
            labels: &labels,
            c: c.iter().map(|v| v / x.rows() as f64).collect(),
            l2: s.l2,
        };
        let mut theta = sol.weights.clone();
        theta.push(sol.bias);
        let (_, g) = p.eval(&theta);
        assert!(norm(&g) < 1e-9, "{g:?}");
        let reference = newton(&x, &labels, &c, s.l2);
        for (a, b) in theta.iter().zip(&reference) {
            assert!((a - b).abs() < 1e-6, "{theta:?} vs {reference:?}");
        }
        // the signal columns get positive weights, and the answer does not depend on the
        // thread count
        assert!(sol.weights[0] > 0.0 && sol.weights[1] > 0.0);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| solve(&x, &labels, &c, &s));
        assert_eq!(one, sol);
    }

    #[test]
    fn stops_at_max_iter_and_says_so() {
        let (x, labels, c) = problem();
        let s = Settings {
            l2: 1e-6,
            tol: 1e-14,
            max_iter: 2,
            ..Settings::default()
        };
        let sol = solve(&x, &labels, &c, &s);
        assert_eq!(sol.iterations, 2);
        assert!(!sol.converged);
    }

    #[test]
    fn csc_is_the_transpose() {
        let (x, ..) = problem();
        let t = Csc::of(&x);
        for j in 0..x.cols {
            for k in t.colptr[j]..t.colptr[j + 1] {
                let i = t.rows[k] as usize;
                let v = x.row(i).find(|e| e.0 == j).unwrap().1;
                assert_eq!(v, f64::from(t.values[k]));
            }
        }
        assert_eq!(t.rows.len(), x.indices.len());
    }
}
