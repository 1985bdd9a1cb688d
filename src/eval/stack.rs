//! How deep the recursive stages (resolution, evaluation) may go before
//! they grow their stack.

/// Stack kept free before recursing deeper, and the size of each new
/// segment when it runs out (`stacker` grows the stack on demand, so deep
/// but legal expressions never overflow a small thread stack).
pub(crate) const RED_ZONE: usize = 64 * 1024;
pub(crate) const STACK_SEGMENT: usize = 2 * 1024 * 1024;
