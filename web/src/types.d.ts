declare module "cytoscape-elk" {
  const ext: cytoscape.Ext;
  export default ext;
}
declare module "cytoscape-svg" {
  const ext: cytoscape.Ext;
  export default ext;
}
