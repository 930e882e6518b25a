package aeza

import "strings"

// Known reports whether t is one of the product types this package names.
func (t ProductType) Known() bool {
	switch t {
	case ProductVPS, ProductDedicated, ProductHiCPU, ProductStorage, ProductS3, ProductVPN, ProductWAF, ProductSoft, ProductDomain:
		return true
	}
	return false
}

// Known reports whether r is empty (a group that is no location) or the
// location role, in any case, as [Group.IsLocation] reads it.
func (r GroupRole) Known() bool {
	return r == "" || strings.EqualFold(string(r), string(GroupRoleLocation))
}

// Known reports whether t is one of the payment terms this package names,
// the newer API's (half_day, day, week, eternal) included.
func (t Term) Known() bool {
	switch t {
	case TermHour, TermMonth, TermQuarterYear, TermHalfYear, TermYear,
		TermHalfDay, TermDay, TermWeek, TermEternal:
		return true
	}
	return false
}

// Known reports whether s is one of the task statuses this package names.
func (s TaskStatus) Known() bool {
	switch s {
	case TaskQueued, TaskRunning, TaskFailed, TaskSuccess, TaskCanceled, TaskWaitChild, TaskManual:
		return true
	}
	return false
}

// Known reports whether s is one of the backup statuses this package names.
func (s BackupStatus) Known() bool {
	switch s {
	case BackupStatusCreating, BackupStatusActive, BackupStatusDeleted:
		return true
	}
	return false
}

// Known reports whether s is one of the backup sources this package names.
func (s BackupSource) Known() bool {
	return s == BackupSourceManual || s == BackupSourceSchedule
}

// Known reports whether t is one of the backup schedule types this package names.
func (t ScheduleType) Known() bool {
	switch t {
	case ScheduleDaily, ScheduleWeekly, ScheduleMonthly:
		return true
	}
	return false
}

// Known reports whether c is one of the capabilities this package names.
func (c Capability) Known() bool {
	switch c {
	case CapOrderMany, CapCtl, CapCtlRestart, CapCtlForceOff, CapIP, CapManualDelete, CapUpgrade, CapCharts,
		CapRename, CapChangePassword, CapReinstall, CapBackups, CapClone, CapRemote, CapRemoteVNC, CapRescue,
		CapGoto, CapSSHKeys:
		return true
	}
	return false
}
