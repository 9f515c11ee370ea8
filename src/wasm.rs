//! The wasm-bindgen layer: a thin translator between JavaScript values and the rules core.
//! (Skeleton: the signatures are the contract for the page; bodies are filled in with the core.)
