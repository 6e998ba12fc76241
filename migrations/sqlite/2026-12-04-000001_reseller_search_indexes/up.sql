-- A reseller's search (a reseller sees only their own customers) reads the
-- start of its own customers' references and administrator e-mails, instead
-- of every customer's whose key starts so, then keeping the reseller's:
-- "admin1" starts 111,000 e-mails among 1,000,000 customers, 111 of them a
-- reseller's. With the id in the index, the search's count reads no row.
CREATE INDEX customers_reseller_reference ON customers (reseller_id, reference_key, id);
CREATE INDEX customers_reseller_admin_email ON customers (reseller_id, admin_email_key, id);
