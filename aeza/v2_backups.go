package aeza

import (
	"context"
	"fmt"
	"iter"
	"net/http"
)

// BackupStatus is the state of a backup.
type BackupStatus string

// Known backup statuses; unknown ones decode as they are.
const (
	BackupStatusCreating BackupStatus = "creating"
	BackupStatusActive   BackupStatus = "active"
	BackupStatusDeleted  BackupStatus = "deleted"
)

// String returns the status as Aeza names it.
func (s BackupStatus) String() string { return string(s) }

// BackupSource says what made a backup.
type BackupSource string

// Known backup sources; unknown ones decode as they are.
const (
	BackupSourceManual   BackupSource = "manual"
	BackupSourceSchedule BackupSource = "schedule"
)

// String returns the source as Aeza names it.
func (s BackupSource) String() string { return string(s) }

// Backup is a snapshot of a server's disk.
type Backup struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Size is in bytes, nil when not known yet.
	Size      *int64       `json:"size"`
	CreatedAt Timestamp    `json:"createdAt"`
	Source    BackupSource `json:"source"`
	Status    BackupStatus `json:"status"`
}

// ScheduleType is how often scheduled backups run.
type ScheduleType string

// Schedule types.
const (
	ScheduleDaily   ScheduleType = "daily"
	ScheduleWeekly  ScheduleType = "weekly"
	ScheduleMonthly ScheduleType = "monthly"
)

// String returns the type as Aeza names it.
func (t ScheduleType) String() string { return string(t) }

// BackupSchedule makes backups on a schedule.
type BackupSchedule struct {
	// Type is how often; required.
	Type ScheduleType `json:"type"`
	// Limit is how many scheduled backups are kept; required, positive.
	Limit int `json:"limit"`
	// WeekDay is the day of a weekly backup, MonthDay that of a monthly
	// one (their numbering is not published).
	WeekDay  *int `json:"weekDay,omitempty"`
	MonthDay *int `json:"monthDay,omitempty"`
}

// BackupsService manages a server's backups.
type BackupsService struct{ c *Client }

// List returns one page of a server's backups (GET v2/services/{id}/backups).
// It is a read, retried.
func (s *BackupsService) List(ctx context.Context, serviceID int64, page *PageOptions, opts ...CallOption) (*List[Backup], error) {
	p, err := servicePath(serviceID, "/backups")
	if err != nil {
		return nil, err
	}
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[Backup](ctx, s.c, v2Read(p, "backups.list", page, opts))
}

// All iterates over every backup of a server.
func (s *BackupsService) All(ctx context.Context, serviceID int64, page *PageOptions, opts ...CallOption) iter.Seq2[Backup, error] {
	p, err := servicePath(serviceID, "/backups")
	if err != nil {
		return func(yield func(Backup, error) bool) { yield(Backup{}, err) }
	}
	return v2All[Backup](ctx, s.c, p, "backups.list", page, opts)
}

// Create snapshots a server now (POST v2/services/{id}/backups {"name"}).
// Whether backups are billed is not published. Sent exactly once: a retry
// could make a second snapshot (on [ErrOutcomeUnknown], list the backups
// before creating another). An empty answer returns a Backup with only the
// name set.
func (s *BackupsService) Create(ctx context.Context, serviceID int64, name string, opts ...CallOption) (*Backup, error) {
	p, err := servicePath(serviceID, "/backups")
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fmt.Errorf("aeza: empty backup name: %w", ErrInvalidArgument)
	}
	return v2Made(ctx, s.c, v2Change(http.MethodPost, p, "backups.create", map[string]string{"name": name}, opts), &Backup{Name: name})
}

func backupPath(serviceID, backupID int64, suffix string) (string, error) {
	b, err := pathID("backup id", backupID)
	if err != nil {
		return "", err
	}
	return servicePath(serviceID, "/backups/"+b+suffix)
}

// Delete deletes a backup (DELETE v2/services/{id}/backups/{backupId}).
// Destructive. Sent exactly once.
func (s *BackupsService) Delete(ctx context.Context, serviceID, backupID int64, opts ...CallOption) error {
	p, err := backupPath(serviceID, backupID, "")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodDelete, p, "backups.delete", nil, opts), nil, false)
}

// Restore writes a backup back onto the server (POST
// v2/services/{id}/backups/{backupId}/restore). Destructive: it overwrites
// the disk. Sent exactly once; on [ErrOutcomeUnknown] look at the service's
// currentTask ([ServicesService.Info]) before sending it again.
func (s *BackupsService) Restore(ctx context.Context, serviceID, backupID int64, opts ...CallOption) error {
	p, err := backupPath(serviceID, backupID, "/restore")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "backups.restore", nil, opts), nil, false)
}

// SetSchedule makes backups on a schedule (POST
// v2/services/{id}/backups/schedule). Sent exactly once.
func (s *BackupsService) SetSchedule(ctx context.Context, serviceID int64, sch BackupSchedule, opts ...CallOption) error {
	p, err := servicePath(serviceID, "/backups/schedule")
	if err != nil {
		return err
	}
	if sch.Type == "" || sch.Limit <= 0 {
		return fmt.Errorf("aeza: a backup schedule needs a type and a positive limit: %w", ErrInvalidArgument)
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "backups.setSchedule", sch, opts), nil, false)
}

// DeleteSchedule stops scheduled backups (DELETE
// v2/services/{id}/backups/schedule). Sent exactly once.
func (s *BackupsService) DeleteSchedule(ctx context.Context, serviceID int64, opts ...CallOption) error {
	p, err := servicePath(serviceID, "/backups/schedule")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodDelete, p, "backups.deleteSchedule", nil, opts), nil, false)
}
