// Parameters for deploy/azure/main.bicep, read from the environment so that no secret is written to a file:
//   while IFS= read -r line; do case "$line" in ''|'#'*) ;; *) export "$line" ;; esac; done < deploy/.env
//   export CONTAINER_IMAGE=ghcr.io/example/change-bot:0.1.0
//   az deployment group create -g <resource-group> -f deploy/azure/main.bicep -p deploy/azure/main.bicepparam
using './main.bicep'

param botAppId = readEnvironmentVariable('MicrosoftAppId')
param botAppPassword = readEnvironmentVariable('MicrosoftAppPassword')
param botTenantId = readEnvironmentVariable('MicrosoftAppTenantId')
param containerImage = readEnvironmentVariable('CONTAINER_IMAGE')
param registryServerUrl = readEnvironmentVariable('REGISTRY_SERVER_URL', '')
param registryUsername = readEnvironmentVariable('REGISTRY_USERNAME', '')
param registryPassword = readEnvironmentVariable('REGISTRY_PASSWORD', '')
param processFile = readEnvironmentVariable('PROCESS_FILE', '')
param schedulerCron = readEnvironmentVariable('SCHEDULER_CRON', '* * * * *')
param logLevel = readEnvironmentVariable('LOG_LEVEL', 'info')
param graphTenantId = readEnvironmentVariable('GRAPH_TENANT_ID', '')
param graphClientId = readEnvironmentVariable('GRAPH_CLIENT_ID', '')
param graphClientSecret = readEnvironmentVariable('GRAPH_CLIENT_SECRET', '')
param mailSender = readEnvironmentVariable('MAIL_SENDER', '')
param allowedTenants = readEnvironmentVariable('ALLOWED_TENANTS', '')
param calendarFeedToken = readEnvironmentVariable('CALENDAR_FEED_TOKEN', '')
param calendarFeedDetails = readEnvironmentVariable('CALENDAR_FEED_DETAILS', 'false')
param statusPage = readEnvironmentVariable('STATUS_PAGE', 'off')
param statusSubscriptions = readEnvironmentVariable('STATUS_SUBSCRIPTIONS', '')
param subscriptionSecret = readEnvironmentVariable('SUBSCRIPTION_SECRET', '')
param publicBaseUrl = readEnvironmentVariable('PUBLIC_BASE_URL', '')
param botDomain = readEnvironmentVariable('BOT_DOMAIN', '')
