//! SMS XML, phone database and PAN-2012 samples (being written).
