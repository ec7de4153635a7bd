/** The element template chooser ships without typings: a didi module, nothing else is used. */
declare module '@bpmn-io/element-template-chooser' {
  const elementTemplateChooserModule: Record<string, unknown>;
  export default elementTemplateChooserModule;
}
