//! Quote reconstruction for text whose quote markup was lost (stub).
