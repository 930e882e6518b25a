package aeza_test

import (
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/stretchr/testify/assert"
)

func TestEnumsKnown(t *testing.T) {
	t.Parallel()
	assert.True(t, aeza.ProductHiCPU.Known())
	assert.False(t, aeza.ProductType("gpu").Known())
	assert.True(t, aeza.GroupRole("").Known())
	assert.True(t, aeza.GroupRole("LOCATION").Known())
	assert.False(t, aeza.GroupRole("region").Known())
	assert.True(t, aeza.TermHalfYear.Known())
	assert.False(t, aeza.Term("fortnight").Known())
}

// The newer API's enums have Known too (the probe reports values they
// refuse), and Term knows the newer API's terms.
func TestV2EnumsKnown(t *testing.T) {
	t.Parallel()
	for _, term := range []aeza.Term{aeza.TermHalfDay, aeza.TermDay, aeza.TermWeek, aeza.TermEternal} {
		assert.True(t, term.Known(), term)
	}
	for _, s := range []aeza.ServiceStatus{aeza.StatusBlocked, aeza.StatusRescue, aeza.StatusActive} {
		assert.True(t, s.Known(), s)
	}
	assert.False(t, aeza.ServiceStatus("frozen").Known())
	for _, s := range []aeza.TaskStatus{aeza.TaskQueued, aeza.TaskRunning, aeza.TaskFailed, aeza.TaskSuccess,
		aeza.TaskCanceled, aeza.TaskWaitChild, aeza.TaskManual} {
		assert.True(t, s.Known(), s)
	}
	assert.False(t, aeza.TaskStatus("paused").Known())
	assert.False(t, aeza.TaskStatus("canceled").Known(), "Aeza spells it with a double l")
	for _, s := range []aeza.BackupStatus{aeza.BackupStatusCreating, aeza.BackupStatusActive, aeza.BackupStatusDeleted} {
		assert.True(t, s.Known(), s)
	}
	assert.False(t, aeza.BackupStatus("failed").Known())
	assert.True(t, aeza.BackupSourceManual.Known())
	assert.True(t, aeza.BackupSourceSchedule.Known())
	assert.False(t, aeza.BackupSource("api").Known())
	for _, st := range []aeza.ScheduleType{aeza.ScheduleDaily, aeza.ScheduleWeekly, aeza.ScheduleMonthly} {
		assert.True(t, st.Known(), st)
	}
	assert.False(t, aeza.ScheduleType("hourly").Known())
	for _, c := range []aeza.Capability{aeza.CapOrderMany, aeza.CapCtl, aeza.CapCtlRestart, aeza.CapCtlForceOff,
		aeza.CapIP, aeza.CapManualDelete, aeza.CapUpgrade, aeza.CapCharts, aeza.CapRename, aeza.CapChangePassword,
		aeza.CapReinstall, aeza.CapBackups, aeza.CapClone, aeza.CapRemote, aeza.CapRemoteVNC, aeza.CapRescue,
		aeza.CapGoto, aeza.CapSSHKeys} {
		assert.True(t, c.Known(), c)
	}
	assert.False(t, aeza.Capability("remote.spice").Known())
	assert.False(t, aeza.Capability("").Known())
}
