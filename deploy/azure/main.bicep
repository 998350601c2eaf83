// Change bot on Azure: an App Service for Linux running the container image on two instances, its changes in
// Azure Blob Storage (STORE=blob, reached with the app's managed identity: no key, no SMB mount), and a
// single-tenant Azure Bot with the Microsoft Teams channel.
// The Entra app registration (app id + secret) is created beforehand: see docs/running.md, "1. Register the bot".
//   az deployment group create -g <resource-group> -f deploy/azure/main.bicep -p deploy/azure/main.bicepparam \
//     -p botAppPassword=<client secret>
// Both instances answer Teams; the one holding the blob lease leader.lock ticks and sends (docs/running.md,
// "Several instances on Azure Blob Storage").

@description('Azure region of the App Service and the storage account (the bot resource itself is global).')
param location string = resourceGroup().location

@description('Name of the web app; its host name <name>.azurewebsites.net is the BOT_DOMAIN. Globally unique.')
param webAppName string = 'change-bot-${uniqueString(resourceGroup().id)}'

@description('Name of the Azure Bot resource. Globally unique.')
param botName string = webAppName

@description('Display name of the bot in Teams.')
param botDisplayName string = 'Change'

@description('Application (client) ID of the bot\'s Entra app registration (MicrosoftAppId).')
param botAppId string

@description('Client secret of that app registration (MicrosoftAppPassword).')
@secure()
param botAppPassword string

@description('Directory (tenant) ID of the single tenant the bot lives in (MicrosoftAppTenantId).')
param botTenantId string = tenant().tenantId

@description('Container image to run, e.g. ghcr.io/example/change-bot:0.1.0 (built from deploy/Dockerfile).')
param containerImage string

@description('Registry server for a private image, e.g. https://example.azurecr.io; empty for a public image.')
param registryServerUrl string = ''

@description('User name for the private registry.')
param registryUsername string = ''

@description('Password for the private registry.')
@secure()
param registryPassword string = ''

@description('App Service plan size. B1 or larger: the scheduler needs Always On, which the free tiers lack.')
@allowed(['B1', 'B2', 'B3', 'S1', 'P0v3', 'P1v3'])
param planSku string = 'B1'

@description('Process file inside the container; empty for the shipped one. Put your own on the share: /data/<name>.json.')
param processFile string = ''

@description('node-cron expression of the scheduler tick.')
param schedulerCron string = '* * * * *'

@description('Log level: fatal, error, warn, info, debug, trace or silent.')
param logLevel string = 'info'

@description('Graph mail: tenant id. Leave the four Graph settings empty to write mails to /data/outbox instead.')
param graphTenantId string = ''

@description('Graph mail: application (client) id of the app with Mail.Send limited to the sender mailbox.')
param graphClientId string = ''

@description('Graph mail: client secret of that app.')
@secure()
param graphClientSecret string = ''

@description('Graph mail: the mailbox the bot sends as.')
param mailSender string = ''

@description('Tenant ids (comma-separated) whose activities the bot acts on; empty: botTenantId only.')
param allowedTenants string = ''

@secure()
@description('Secret for /calendar.ics?token=...; empty: the feed is off.')
param calendarFeedToken string = ''

@description('true: the calendar feed also carries descriptions and contacts.')
param calendarFeedDetails string = 'false'

@description('on: the public maintenance status page at /status and its feeds (off by default).')
param statusPage string = 'off'

@description('off: no e-mail subscriptions on the status page; empty, they follow statusPage (then subscriptionSecret is needed: the app uses Blob Storage).')
param statusSubscriptions string = ''

@secure()
@description('Signs the subscription links: 32+ random characters, kept across deployments.')
param subscriptionSecret string = ''

@description('Where the links in subscription mails point; empty: https://<BOT_DOMAIN>.')
param publicBaseUrl string = ''

@description('Host name Teams reaches the bot at; empty: the web app\'s <name>.azurewebsites.net.')
param botDomain string = ''

@description('App Service instances; each answers presses, one at a time ticks and sends.')
param instanceCount int = 2

// Local to each instance: only the .eml outbox of unconfigured mail lands here (configure Graph in production).
var dataMountPath = '/home/change-bot-data'
var containerName = 'change-bot'
var storageName = 'stchg${uniqueString(resourceGroup().id)}'

var registrySettings = empty(registryServerUrl) ? [] : [
  { name: 'DOCKER_REGISTRY_SERVER_URL', value: registryServerUrl }
  { name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: registryUsername }
  { name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: registryPassword }
]

// Every setting the bot reads (see deploy/.env.example); empty values mean "use the default".
var botSettings = [
  { name: 'WEBSITES_PORT', value: '3978' }
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' }
  { name: 'MicrosoftAppId', value: botAppId }
  { name: 'MicrosoftAppPassword', value: botAppPassword }
  { name: 'MicrosoftAppTenantId', value: botTenantId }
  { name: 'MicrosoftAppType', value: 'SingleTenant' }
  { name: 'PORT', value: '3978' }
  { name: 'DATA_DIR', value: dataMountPath }
  { name: 'PROCESS_FILE', value: processFile }
  { name: 'SCHEDULER_CRON', value: schedulerCron }
  { name: 'LOG_LEVEL', value: logLevel }
  { name: 'GRAPH_TENANT_ID', value: graphTenantId }
  { name: 'GRAPH_CLIENT_ID', value: graphClientId }
  { name: 'GRAPH_CLIENT_SECRET', value: graphClientSecret }
  { name: 'MAIL_SENDER', value: mailSender }
  { name: 'STORE', value: 'blob' }
  { name: 'AZURE_STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
  { name: 'AZURE_STORAGE_CONTAINER', value: containerName }
  // Empty: the managed identity signs in; a key never sits in the app settings.
  { name: 'AZURE_STORAGE_CONNECTION_STRING', value: '' }
  { name: 'ALLOWED_TENANTS', value: allowedTenants }
  { name: 'CALENDAR_FEED_TOKEN', value: calendarFeedToken }
  { name: 'CALENDAR_FEED_DETAILS', value: calendarFeedDetails }
  { name: 'STATUS_PAGE', value: statusPage }
  { name: 'STATUS_SUBSCRIPTIONS', value: statusSubscriptions }
  { name: 'SUBSCRIPTION_SECRET', value: subscriptionSecret }
  { name: 'PUBLIC_BASE_URL', value: publicBaseUrl }
  { name: 'BOT_DOMAIN', value: empty(botDomain) ? '${webAppName}.azurewebsites.net' : botDomain }
  // The app always has MicrosoftAppId: a missing one must stop it, not start an unreachable local mode.
  { name: 'LOCAL_MODE', value: 'refuse' }
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    // Blob index tags (the store's active index) do not exist on accounts with a hierarchical namespace.
    isHnsEnabled: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Backup: every overwrite keeps the previous version, and deleted blobs and containers can be restored.
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource changesContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: { publicAccess: 'None' }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${webAppName}-plan'
  location: location
  kind: 'linux'
  sku: { name: planSku, capacity: instanceCount }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux,container'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      // Without Always On, App Service unloads an idle app and the scheduler stops ticking.
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(botSettings, registrySettings)
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('BOT_DOMAIN for npm run package.')
output botDomain string = site.properties.defaultHostName

@description('The messaging endpoint set on the Azure Bot.')
output messagingEndpoint string = 'https://${site.properties.defaultHostName}/api/messages'

@description('Storage account and container that hold the changes (versioned, soft delete 30 days).')
output changesContainer string = '${storage.name}/${changesContainer.name}'

// Storage Blob Data Contributor: read, write and lease the blobs of the container.
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource dataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: changesContainer
  name: guid(changesContainer.id, site.id, blobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Find Blobs by Tags (the active index) needs blobs/filter/action, which Storage Blob Data Contributor lacks
// (only Storage Blob Data Owner has it): a small role with just the tag actions, rather than Owner.
resource blobIndexRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'change-bot-blob-index')
  properties: {
    roleName: 'Change bot blob index (${resourceGroup().name})'
    description: 'Read, write and query blob index tags: the change bot finds the changes with work left.'
    type: 'CustomRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/filter/action'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'
        ]
        notDataActions: []
      }
    ]
  }
}

resource indexAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, site.id, blobIndexRole.id)
  properties: {
    roleDefinitionId: blobIndexRole.id
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
