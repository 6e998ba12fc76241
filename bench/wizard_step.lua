-- wrk script: posts wizard step 1 (checked against the plan and the
-- reseller's customers, then saved in the draft) again and again.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
wrk.body = "reseller_id=" .. os.getenv("RESELLER") .. "&name=Bench+Wizard+Co&product_id=" .. os.getenv("PRODUCT")
  .. "&country=GB&timezone=&reference=PO-BENCH&term=monthly&notes=&nav=next"
