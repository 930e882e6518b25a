package servicemanager

import "sort"

// Method names of the ext_api groups beyond the subscriber's account/*
// methods, from servicemanager-groups (ITS pages, 1C's own library BTS,
// public scripts). A method whose fields no source shows has no typed
// wrapper: send it with [Client.Call] (or [Client.CallReadOnly]) and its
// name constant; its errors are typed all the same.
const (
	// Partner (service organization) side.
	MethodUpdateSSOKey                     = "account/update_sso_key"
	MethodConfirmSSOKey                    = "account/confirm_sso_key"
	MethodTruncateSSOKey                   = "account/truncate_sso_key"
	MethodAttachedInfoForSubscribing       = "account/attached_info_for_subscribing"
	MethodCustomersList                    = "account/customers/list"
	MethodCustomersInfo                    = "account/customers/info"
	MethodCustomersAttachedInfo            = "account/customers/attached_info"
	MethodCustomersUpdateAttachedInfo      = "account/customers/update_attached_info"
	MethodCustomersFillByPublicID          = "account/customers/fill_by_public_id"
	MethodCustomerSubscriptionsList        = "account/customer_subscriptions/list"
	MethodCustomerSubscriptionsInfo        = "account/customer_subscriptions/info"
	MethodCustomerSubscriptionsCreate      = "account/customer_subscriptions/create"
	MethodCustomerSubscriptionsCreateEnh   = "account/customer_subscriptions/create_enhanced"
	MethodCustomerSubscriptionsRenew       = "account/customer_subscriptions/renew"
	MethodServantsRecommendedTariffs       = "account/servants/recommended_tariffs"
	MethodAttachedInfoValues               = "attached_info_values"
	MethodSubscriptionInfo                 = "subscription/info"
	MethodSubscriptionList                 = "subscription/list"
	MethodSubscriptionProlong              = "subscription/prolong"
	MethodSubscriptionExtend               = "subscription/extend"
	MethodTenantAccount                    = "tenant/account"
	MethodTenantCreate                     = "tenant/create"
	MethodTenantCreateForMigration         = "tenant/create_for_migration"
	MethodTenantCreateFromDataDump         = "tenant/create_from_data_dump"
	MethodTenantDelete                     = "tenant/delete"
	MethodTenantExtensions                 = "tenant/extensions"
	MethodTenantGetDemo                    = "tenant/get_demo"
	MethodTenantInfo                       = "tenant/info"
	MethodTenantList                       = "tenant/list"
	MethodTenantNewName                    = "tenant/new_name"
	MethodTenantSetName                    = "tenant/set_name"
	MethodTenantSetTimezone                = "tenant/set_timezone"
	MethodTenantBackupCreate               = "tenant/backup/create"
	MethodTenantBackupList                 = "tenant/backup/list"
	MethodTenantBackupSettingsGet          = "tenant/backup_settings/get"
	MethodTenantBackupSettingsReset        = "tenant/backup_settings/reset"
	MethodTenantBackupSettingsUpdate       = "tenant/backup_settings/update"
	MethodTenantUsersAdd                   = "tenant/users/add"
	MethodTenantUsersDelete                = "tenant/users/delete"
	MethodTenantUsersList                  = "tenant/users/list"
	MethodTenantUsersSetRole               = "tenant/users/set_role"
	MethodSessionPrepareList               = "session/prepare_list"
	MethodSessionCheckList                 = "session/check_list"
	MethodSessionList                      = "session/list"
	MethodSessionTerminate                 = "session/terminate"
	MethodBackupList                       = "backup/list"
	MethodBackupFileTokenDownload          = "backup/file_token/download"
	MethodTariffList                       = "tariff/list"
	MethodTariffInfo                       = "tariff/info"
	MethodBillCreate                       = "bill/create"
	MethodBillCreateSubscription           = "bill/create_subscription"
	MethodBillEmailCreate                  = "bill/email_create"
	MethodBillInfo                         = "bill/info"
	MethodBillList                         = "bill/list"
	MethodBillUpdate                       = "bill/update"
	MethodBillFileTokenUpload              = "bill/file_token/upload"
	MethodTaskList                         = "task/list"
	MethodTaskInfo                         = "task/info"
	MethodTaskExecute                      = "task/execute"
	MethodApplicationList                  = "application/list"
	MethodPromoCodeActivate                = "promo_code/activate"
	MethodAccountingSystemList             = "accounting_system/list"
	MethodAccountingSystemInfo             = "accounting_system/info"
	MethodAccountingSystemCreateUpdateBill = "accounting_system/create_update_billing"
)

// MethodInfo describes one ext_api method beyond account/*.
type MethodInfo struct {
	// Name is the method ("tenant/create").
	Name string
	// Group is the service that wraps it ("Tenants"), or the group a
	// Call-only method belongs to.
	Group string
	// Typed is true when a typed method wraps it; false: Call only (no
	// source shows its fields).
	Typed bool
	// ReadOnly is true for a method without side effects, retried like any
	// read (send it with CallReadOnly).
	ReadOnly bool
	// Repeatable is true when sending it again is safe: the reads, and
	// tenant/get_demo (it returns the demo being prepared). Only these may be
	// repeated by [Client.CallUntilDone].
	Repeatable bool
}

// methodTable holds every method of the groups, keyed by name.
var methodTable = func() map[string]MethodInfo {
	type row struct {
		name, group string
		typed, read bool
		repeatable  bool
	}
	rows := []row{
		{MethodUpdateSSOKey, "Customers", false, false, false},
		{MethodConfirmSSOKey, "Customers", false, false, false},
		{MethodTruncateSSOKey, "Customers", false, false, false},
		{MethodAttachedInfoForSubscribing, "Customers", true, true, true},
		{MethodCustomersList, "Customers", true, true, true},
		{MethodCustomersInfo, "Customers", true, true, true},
		{MethodCustomersAttachedInfo, "Customers", true, true, true},
		{MethodCustomersUpdateAttachedInfo, "Customers", true, false, false},
		{MethodCustomersFillByPublicID, "Customers", false, false, false},
		{MethodCustomerSubscriptionsList, "CustomerSubscriptions", true, true, true},
		{MethodCustomerSubscriptionsInfo, "CustomerSubscriptions", true, true, true},
		{MethodCustomerSubscriptionsCreate, "CustomerSubscriptions", true, false, false},
		{MethodCustomerSubscriptionsCreateEnh, "CustomerSubscriptions", true, false, false},
		{MethodCustomerSubscriptionsRenew, "CustomerSubscriptions", false, false, false},
		{MethodServantsRecommendedTariffs, "Servants", true, true, true},
		{MethodAttachedInfoValues, "Accounts", true, true, true},
		{MethodSubscriptionInfo, "Subscriptions", true, true, true},
		{MethodSubscriptionList, "Subscriptions", true, true, true},
		{MethodSubscriptionProlong, "Subscriptions", false, false, false},
		{MethodSubscriptionExtend, "Subscriptions", false, false, false},
		{MethodTenantAccount, "Tenants", true, true, true},
		{MethodTenantCreate, "Tenants", true, false, false},
		{MethodTenantCreateForMigration, "Tenants", false, false, false},
		{MethodTenantCreateFromDataDump, "Tenants", false, false, false},
		{MethodTenantDelete, "Tenants", false, false, false},
		{MethodTenantExtensions, "Tenants", false, false, false},
		{MethodTenantGetDemo, "Tenants", false, false, true},
		{MethodTenantInfo, "Tenants", true, true, true},
		{MethodTenantList, "Tenants", true, true, true},
		{MethodTenantNewName, "Tenants", false, false, false},
		{MethodTenantSetName, "Tenants", false, false, false},
		{MethodTenantSetTimezone, "Tenants", false, false, false},
		{MethodTenantBackupCreate, "Tenants", false, false, false},
		{MethodTenantBackupList, "Tenants", true, true, true},
		{MethodTenantBackupSettingsGet, "Tenants", false, false, false},
		{MethodTenantBackupSettingsReset, "Tenants", false, false, false},
		{MethodTenantBackupSettingsUpdate, "Tenants", false, false, false},
		{MethodTenantUsersAdd, "Tenants", true, false, false},
		{MethodTenantUsersDelete, "Tenants", true, false, false},
		{MethodTenantUsersList, "Tenants", true, true, true},
		{MethodTenantUsersSetRole, "Tenants", false, false, false},
		{MethodSessionPrepareList, "Sessions", false, false, false},
		{MethodSessionCheckList, "Sessions", true, true, true},
		{MethodSessionList, "Sessions", false, false, false},
		{MethodSessionTerminate, "Sessions", true, false, false},
		{MethodBackupList, "Backups", true, true, true},
		{MethodBackupFileTokenDownload, "Backups", true, true, true},
		{MethodTariffList, "Tariffs", true, true, true},
		{MethodTariffInfo, "Tariffs", true, true, true},
		{MethodBillCreate, "Bills", true, false, false},
		{MethodBillCreateSubscription, "Bills", true, false, false},
		{MethodBillEmailCreate, "Bills", false, false, false},
		{MethodBillInfo, "Bills", true, true, true},
		{MethodBillList, "Bills", true, true, true},
		{MethodBillUpdate, "Bills", true, false, false},
		{MethodBillFileTokenUpload, "Bills", true, true, true},
		{MethodTaskList, "Tasks", true, true, true},
		{MethodTaskInfo, "Tasks", true, true, true},
		{MethodTaskExecute, "Tasks", true, false, false},
		{MethodApplicationList, "Applications", true, true, true},
		{MethodPromoCodeActivate, "PromoCodes", true, false, false},
		{MethodAccountingSystemList, "AccountingSystems", true, true, true},
		{MethodAccountingSystemInfo, "AccountingSystems", true, true, true},
		{MethodAccountingSystemCreateUpdateBill, "AccountingSystems", true, false, false},
	}
	m := make(map[string]MethodInfo, len(rows))
	for _, r := range rows {
		m[r.name] = MethodInfo{Name: r.name, Group: r.group, Typed: r.typed, ReadOnly: r.read, Repeatable: r.repeatable}
	}
	return m
}()

// Methods returns every method of the groups beyond the subscriber's
// account/* methods, sorted by name: which are typed and which go through
// [Client.Call], and which are safe to send again.
func Methods() []MethodInfo {
	out := make([]MethodInfo, 0, len(methodTable))
	for _, m := range methodTable {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
