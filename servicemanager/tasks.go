package servicemanager

import (
	"context"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// TasksService holds the user task methods (task/*; fields: 1C's own ext_api
// client, BTS): requests a user accepts or rejects, such as granting 1C's
// support access to a backup.
type TasksService struct{ c *Client }

// Task is a user task (task/list).
type Task struct {
	// ID is the task's identifier.
	ID string `json:"id"`
	// Name is its name.
	Name string `json:"name,omitempty"`
	// Created is when it was made.
	Created DateTime `json:"created,omitempty"`
	// Author is who made it.
	Author string `json:"author,omitempty"`
}

// TaskInfo is a task's details (task/info); all strings, as BTS reads them.
type TaskInfo struct {
	Type        string `json:"type,omitempty"`
	Author      string `json:"author,omitempty"`
	Description string `json:"description,omitempty"`
	Tenant      string `json:"tenant,omitempty"`
	Subscriber  string `json:"subscriber,omitempty"`
	BackupType  string `json:"backup_type,omitempty"`
}

// TaskDecision is a task/execute request: the answer to a task.
type TaskDecision struct {
	// ID is the task (required).
	ID string `json:"id"`
	// Result is the consent: true accepts, false rejects.
	Result bool `json:"result"`
	// DateAccess is when the access granted ends.
	DateAccess DateTime `json:"date_access,omitempty"`
	// BackupID is the backup the task is about.
	BackupID string `json:"backup_id,omitempty"`
	// BackupExisting says an existing backup is used.
	BackupExisting bool `json:"backup_existing,omitempty"`
}

type taskListResult struct {
	answer
	Task []Task `json:"task"`
}

func (r *taskListResult) missing(body []byte) string { return missingList(r.Task, body, "task") }

type taskResult struct {
	answer
	Task *TaskInfo `json:"task"`
}

func (r *taskResult) missing([]byte) string { return missingObject(r.Task, "task") }

// List returns the user's tasks (task/list; fields: BTS).
func (s *TasksService) List(ctx context.Context, account int64, opts ...CallOption) ([]Task, error) {
	var out taskListResult
	if _, err := s.c.call(ctx, MethodTaskList, account, nil, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Task, nil
}

// Info returns a task's details (task/info; fields: BTS).
func (s *TasksService) Info(ctx context.Context, account int64, id string, opts ...CallOption) (*TaskInfo, error) {
	if err := checkCode(MethodTaskInfo, "task id", id); err != nil {
		return nil, err
	}
	var out taskResult
	if _, err := s.c.call(ctx, MethodTaskInfo, account, codeParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Task, nil
}

// Execute accepts or rejects a task (task/execute; fields: BTS). It is sent
// once.
func (s *TasksService) Execute(ctx context.Context, account int64, d TaskDecision, opts ...CallOption) error {
	if err := checkCode(MethodTaskExecute, "task id", d.ID); err != nil {
		return err
	}
	_, err := s.c.call(ctx, MethodTaskExecute, account, d, transport.RetryNever, nil, opts)
	return err
}
