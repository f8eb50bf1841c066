//! Learning and measuring: [`train`] fits the shipped model from labelled real chats and
//! applies it; [`solver`] is its optimiser; [`eval`] computes detection metrics against
//! labels (and grouped cross-validation through `train`).

pub mod eval;
pub mod solver;
pub mod train;
