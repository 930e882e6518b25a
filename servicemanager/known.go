package servicemanager

// Known reports whether s is one of the bill statuses this package names.
func (s BillStatusName) Known() bool {
	switch s {
	case BillCreated, BillWaitSending, BillWaitRegistration, BillWaitPayment, BillPaid, BillBillingError:
		return true
	}
	return false
}

// Known reports whether p is one of the period units this package names.
func (p PeriodKind) Known() bool {
	switch p {
	case PeriodDay, PeriodMonth, PeriodYear:
		return true
	}
	return false
}

// Known reports whether s is a status a source shows ([TenantUsed]); the
// other states BTS knows have no verified spelling yet.
func (s TenantStatus) Known() bool { return s == TenantUsed }
