// Command ids as contributed in package.json.
export const Commands = {
    openGraph: 'campaignStudio.openGraph',
    testRun: 'campaignStudio.testRun',
    publishRun: 'campaignStudio.publishRun',
    showSql: 'campaignStudio.showSql',
    previewRows: 'campaignStudio.previewRows',
    showSchedule: 'campaignStudio.showSchedule',
    importSchema: 'campaignStudio.importSchema',
    restartServer: 'campaignStudio.restartServer',
    showRunLog: 'campaignStudio.showRunLog'
} as const;
