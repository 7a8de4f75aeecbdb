// datamin: allow DM001 -- x
#[a(r