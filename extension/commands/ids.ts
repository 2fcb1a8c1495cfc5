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
    showRunLog: 'campaignStudio.showRunLog',
    // The graph's context menu (webview/context); hidden from the palette.
    graphPreviewRows: 'campaignStudio.graph.previewRows',
    graphShowSql: 'campaignStudio.graph.showSql',
    graphTestRun: 'campaignStudio.graph.testRun',
    graphRunUpToHere: 'campaignStudio.graph.runUpToHere',
    graphRevealInText: 'campaignStudio.graph.revealInText',
    graphRename: 'campaignStudio.graph.rename',
    graphDelete: 'campaignStudio.graph.delete',
    graphDisable: 'campaignStudio.graph.disable',
    graphEnable: 'campaignStudio.graph.enable',
    graphPauseBefore: 'campaignStudio.graph.pauseBefore',
    graphDontPause: 'campaignStudio.graph.dontPause',
    graphRevealEdge: 'campaignStudio.graph.revealEdge',
    graphDisconnect: 'campaignStudio.graph.disconnect'
} as const;
